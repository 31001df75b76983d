using System.Globalization;

namespace SlaEscalation.Chaos;

/// <summary>
/// The shape of one chaos run. <see cref="Short"/> is the form CI runs; <see cref="Long"/> is the full run: 2,000
/// tickets with deadlines over three minutes, a silo killed every 30 s.
/// </summary>
public sealed record ChaosOptions
{
    public required string Form { get; init; }

    public required int Tickets { get; init; }

    /// <summary>The deadlines are spread evenly over this window.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>A random ready silo is killed and restarted this often while the window lasts.</summary>
    public required TimeSpan KillEvery { get; init; }

    /// <summary>When, from the first deadline, PostgreSQL is stopped (immediately, as a crash) and for how long.</summary>
    public required TimeSpan PostgresRestartAt { get; init; }

    public required TimeSpan PostgresDowntime { get; init; }

    /// <summary>The worst lateness (emitted minus deadline) the run accepts.</summary>
    public TimeSpan LatenessBound { get; init; } = TimeSpan.FromSeconds(30);

    public int Silos { get; init; } = 3;

    public int Seed { get; init; } = Environment.TickCount;

    public static ChaosOptions Short { get; } = new()
    {
        Form = "short",
        Tickets = 200,
        Window = TimeSpan.FromSeconds(60),
        KillEvery = TimeSpan.FromSeconds(30),
        PostgresRestartAt = TimeSpan.FromSeconds(42),
        PostgresDowntime = TimeSpan.FromSeconds(5),
    };

    public static ChaosOptions Long { get; } = new()
    {
        Form = "long",
        Tickets = 2000,
        Window = TimeSpan.FromMinutes(3),
        KillEvery = TimeSpan.FromSeconds(30),
        PostgresRestartAt = TimeSpan.FromSeconds(100),
        PostgresDowntime = TimeSpan.FromSeconds(10),
    };

    public const string Usage = """
        Usage: dotnet run --project tests/SlaEscalation.Chaos -- [short|long] [--tickets N] [--window-seconds S]
                  [--kill-every-seconds S] [--seed N]
          short (default, what CI runs): 200 tickets over 60 s, one kill, one PostgreSQL restart.
          long: 2,000 tickets over 3 minutes, a kill every 30 s, one PostgreSQL restart.
        Exit code 0 when every promise held, 1 when any did not, 2 for bad arguments.
        """;

    /// <summary>Reads the form and its overrides; null with a reason for bad arguments.</summary>
    public static (ChaosOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Short;
        var i = 0;
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            switch (args[0])
            {
                case "short":
                    break;
                case "long":
                    options = Long;
                    break;
                default:
                    return (null, $"unknown form '{args[0]}'");
            }

            i = 1;
        }

        for (; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return (null, $"{args[i]} needs a positive whole number");
            }

            switch (args[i])
            {
                case "--tickets":
                    options = options with { Tickets = value };
                    break;
                case "--window-seconds":
                    options = options with { Window = TimeSpan.FromSeconds(value) };
                    break;
                case "--kill-every-seconds":
                    options = options with { KillEvery = TimeSpan.FromSeconds(value) };
                    break;
                case "--seed":
                    options = options with { Seed = value };
                    break;
                default:
                    return (null, $"unknown option '{args[i]}'");
            }
        }

        return (options, null);
    }
}

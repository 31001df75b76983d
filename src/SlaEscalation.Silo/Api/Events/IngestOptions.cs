using System.Globalization;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// Limits of the ingest endpoints (<c>POST /v1/events</c>, helpdesk and tracker webhooks, Slack interactions), from
/// configuration section <c>Ingest</c>. <see cref="Load"/> checks them at start: bound lazily, a bad value would
/// surface only at the first request, as a <c>500</c> or a refusal of every post.
/// </summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// The largest <see cref="MaxBodyBytes"/>: Kestrel's own request body limit, which the silo keeps, refuses any
    /// larger body before the endpoint reads it.
    /// </summary>
    public const long MaxBodyBytesCeiling = 30_000_000;

    /// <summary>The smallest <see cref="MaxBodyBytes"/>: a helpdesk's or Slack's single webhook fits in it with room.</summary>
    public const long MaxBodyBytesFloor = 64 * 1024;

    private static readonly string[] Settings =
        [nameof(MaxBatchSize), nameof(MaxBodyBytes), nameof(ClockSkewAllowance), nameof(MaxEventAge)];

    /// <summary>Largest batch accepted in one request (1 to 10,000).</summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>Largest request body, in bytes (<see cref="MaxBodyBytesFloor"/> to <see cref="MaxBodyBytesCeiling"/>).</summary>
    public long MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How far ahead of this silo's clock an event's <c>time</c> may be (helpdesk clocks drift); at most a day.</summary>
    public TimeSpan ClockSkewAllowance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back an event's <c>time</c> may be (a day to 36,500 days).</summary>
    public TimeSpan MaxEventAge { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>Reads and checks the settings; throws a <see cref="StartupFailure"/> naming every bad one.</summary>
    public static IngestOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new IngestOptions();
        var errors = new List<string>();
        var section = configuration.GetSection(Section);
        var options = new IngestOptions
        {
            MaxBatchSize = (int)ReadWhole(section, nameof(MaxBatchSize), defaults.MaxBatchSize, 1, 10_000, string.Empty, errors),
            MaxBodyBytes = ReadWhole(section, nameof(MaxBodyBytes), defaults.MaxBodyBytes, MaxBodyBytesFloor, MaxBodyBytesCeiling, " of bytes", errors),

            // Both bound arithmetic on the clock's reading: a span near TimeSpan.MaxValue would overflow it at every post.
            ClockSkewAllowance = ReadDuration(section, nameof(ClockSkewAllowance), defaults.ClockSkewAllowance, TimeSpan.Zero, TimeSpan.FromDays(1), errors),
            MaxEventAge = ReadDuration(section, nameof(MaxEventAge), defaults.MaxEventAge, TimeSpan.FromDays(1), TimeSpan.FromDays(36_500), errors),
        };

        foreach (var unknown in section.GetChildren().Where(c => !Settings.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"{SiloSettings.Env(unknown.Path)} is not an {Section} setting: use {string.Join(", ", Settings[..^1])} or {Settings[^1]}.");
        }

        return errors.Count > 0 ? throw new StartupFailure(string.Join(" ", errors)) : options;
    }

    private static long ReadWhole(IConfigurationSection section, string name, long fallback, long min, long max, string unit, List<string> errors)
    {
        var raw = section[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SiloSettings.Env($"{section.Path}:{name}")} '{raw}' must be a whole number{unit} from {min} to {max} (default {fallback})."));
        return fallback;
    }

    private static TimeSpan ReadDuration(IConfigurationSection section, string name, TimeSpan fallback, TimeSpan min, TimeSpan max, List<string> errors)
    {
        var raw = section[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        // As the configuration binder reads a TimeSpan, so a value that passes here means what it meant before.
        if (TimeSpan.TryParse(raw.Trim(), CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SiloSettings.Env($"{section.Path}:{name}")} '{raw}' must be a duration from {min:c} to {max:c}, written [d.]hh:mm:ss (default {fallback:c})."));
        return fallback;
    }
}

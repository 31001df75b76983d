using System.Globalization;

namespace SlaEscalation.LoadTool;

/// <summary>The command and its <c>--name value</c> options; every option read is remembered for the figures' header.</summary>
public sealed class ToolOptions
{
    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    private ToolOptions(string command, Dictionary<string, string> values, IReadOnlyList<string> arguments)
    {
        Command = command;
        this.values = values;
        Arguments = arguments;
    }

    public string Command { get; }

    /// <summary>The arguments as given, to print with each figure.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public static ToolOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("name a command: ingest, lag or scale");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"'{args[i]}': options are '--name value' pairs");
            }

            values[args[i][2..]] = args[++i];
        }

        return new ToolOptions(args[0], values, args);
    }

    public int Int(string name, int fallback) =>
        String(name) is { } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        String(name) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    public bool OnOff(string name, bool fallback) => String(name) switch
    {
        null => fallback,
        "on" or "true" => true,
        "off" or "false" => false,
        var other => throw new ArgumentException($"--{name} is on or off, not '{other}'"),
    };

    /// <summary>
    /// <c>--silo-env "DOTNET_gcServer=0,DOTNET_TieredPGO=0"</c>: variables for the silo, so runtime settings (garbage
    /// collector and JIT modes above all) are tried side by side without a rebuild.
    /// </summary>
    public Dictionary<string, string> SiloEnvironment() =>
        (String("silo-env") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                pair => pair.Length == 2 && pair[0].Length > 0 ? pair[0] : throw new ArgumentException($"--silo-env takes NAME=value pairs separated by commas, not '{string.Join('=', pair)}'"),
                pair => pair[1],
                StringComparer.Ordinal);

    public string? String(string name)
    {
        read.Add(name);
        return values.GetValueOrDefault(name);
    }

    /// <summary>Throws when an option was given that no command read: a typo must not silently run the defaults.</summary>
    public void RejectUnknown()
    {
        var unknown = values.Keys.Where(k => !read.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown option(s) for {Command}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}

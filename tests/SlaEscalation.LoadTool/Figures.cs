using System.Globalization;

namespace SlaEscalation.LoadTool;

/// <summary>How figures are printed: each with the command that produced it, so a figure is never quoted bare.</summary>
public static class Figures
{
    public static void Header(ToolOptions options, LoadRig rig)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rig);
        Console.WriteLine($"# command: dotnet run -c {BuildConfiguration} --project tests/SlaEscalation.LoadTool -- {string.Join(' ', options.Arguments)}");
        Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {Mib(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} memory, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"# postgres: {rig.Durability}");
        Console.WriteLine($"# started: {DateTimeOffset.UtcNow:O}");
    }

    public static void Print(string name, string value) => Console.WriteLine($"{name,-44} {value}");

    public static void Note(string text) => Console.WriteLine($"  . {text}");

    public static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:N0} MiB");

    public static string Rate(double perSecond) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}/s");

    public static string Ms(double milliseconds) => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:N0} ms");

    /// <summary>The nearest-rank percentile of already sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary><c>p50 / p99 / max</c> of some milliseconds.</summary>
    public static string Distribution(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(sorted, 50):N0} ms, p99 {Percentile(sorted, 99):N0} ms, max {sorted[^1]:N0} ms (n={sorted.Length:N0})");
    }

    private static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}

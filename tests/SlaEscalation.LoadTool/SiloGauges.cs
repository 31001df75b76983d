using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>What a silo process costs: resident memory and CPU time from <c>/proc</c>, managed memory and
/// activations from the dashboard's own statistics.</summary>
public static class SiloGauges
{
    /// <summary>A <c>kB</c> field of <c>/proc/&lt;pid&gt;/status</c> (VmRSS, VmHWM), in bytes.</summary>
    public static long StatusBytes(int processId, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no {field}");
    }

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the whole line.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>
    /// The silo's managed memory (GC heaps, fragmentation included) and activation count, as Orleans reports them
    /// to the dashboard; null when the dashboard does not answer.
    /// </summary>
    public static async Task<(long ManagedBytes, long Activations)?> OrleansStatisticsAsync(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);

        // A silo just started has no statistics history yet: its first sample comes within a few seconds.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await TryOrleansStatisticsAsync(silo) is { } statistics)
            {
                return statistics;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return null;
    }

    private static async Task<(long ManagedBytes, long Activations)?> TryOrleansStatisticsAsync(SiloProcess silo)
    {
        try
        {
            var counters = await silo.Http.GetFromJsonAsync<JsonObject>(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
            // After a restart the table also lists the dead predecessor: pick this silo by name.
            var address = counters!["hosts"]!.AsArray()
                .Where(h => h!["siloName"]?.GetValue<string>() == silo.Name && h["status"]?.GetValue<string>() == "Active")
                .Select(h => h!["siloAddress"]!.GetValue<string>())
                .Single();
            var history = await silo.Http.GetFromJsonAsync<JsonArray>(new Uri($"/dashboard/HistoricalStats/{address}", UriKind.Relative));
            var latest = history!.LastOrDefault(s => s is not null);
            if (latest is null)
            {
                return null;
            }

            return (latest["environmentStatistics"]!["rawMemoryUsageBytes"]!.GetValue<long>(), latest["activationCount"]!.GetValue<long>());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or NullReferenceException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The grain types with the most activations on the silo, from the dashboard's counters.</summary>
    public static async Task<string> DescribeActivationsAsync(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        try
        {
            var counters = await silo.Http.GetFromJsonAsync<JsonObject>(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
            return string.Join(", ", counters!["simpleGrainStats"]!.AsArray()
                .GroupBy(g => g!["grainType"]!.GetValue<string>())
                .Select(g => (Type: g.Key[(g.Key.LastIndexOf('.') + 1)..], Count: g.Sum(x => x!["activationCount"]!.GetValue<long>())))
                .OrderByDescending(g => g.Count)
                .Take(4)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Type} {g.Count:N0}")));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or NullReferenceException or System.Text.Json.JsonException)
        {
            return "unavailable (dashboard did not answer)";
        }
    }

    /// <summary>One line: VmRSS, VmHWM, managed heap and activations.</summary>
    public static async Task<string> DescribeMemoryAsync(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var rss = StatusBytes(silo.ProcessId, "VmRSS");
        var peak = StatusBytes(silo.ProcessId, "VmHWM");
        var orleans = await OrleansStatisticsAsync(silo);
        var managed = orleans is { } o
            ? string.Create(CultureInfo.InvariantCulture, $", managed heap {Figures.Mib(o.ManagedBytes)} (Orleans statistics), {o.Activations:N0} activations")
            : ", managed heap unavailable (dashboard did not answer)";
        return $"VmRSS {Figures.Mib(rss)}, VmHWM {Figures.Mib(peak)}{managed}";
    }
}

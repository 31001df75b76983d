using System.Globalization;
using System.Text;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.LoadTool;

/// <summary>
/// The lag run second by second, as CSV (<c>--seconds-csv PATH</c>): per second of the window, the breaches and
/// at-risk transitions due in it with their p99 and largest lag, and what the silo's runtime did in that second
/// (GC pause, collections, CPU, thread-pool queue). A minute's p99 says that a minute was late; this says which
/// seconds, and what stood beside them.
/// </summary>
public static class PerSecond
{
    public static async Task WriteAsync(
        string path,
        DateTimeOffset first,
        IReadOnlyList<EmittedTransitionView> breaches,
        IReadOnlyList<EmittedTransitionView> atRisk,
        IReadOnlyList<RuntimeSampler.Sample> samples,
        CancellationToken cancellationToken)
    {
        var breachLags = BySecond(first, breaches);
        var atRiskLags = BySecond(first, atRisk);
        var steps = samples.Zip(samples.Skip(1), (before, after) => (Before: before, After: after))
            .GroupBy(s => (int)Math.Floor((s.After.At - first).TotalSeconds))
            .ToDictionary(g => g.Key, g => g.Last());
        var seconds = breachLags.Keys.Concat(atRiskLags.Keys).Distinct().Order().ToArray();
        var csv = new StringBuilder("second,breaches,breach_p99_ms,breach_max_ms,at_risk,at_risk_p99_ms,at_risk_max_ms,gc_pause_ms,gen0,gen1,gen2,cpu_percent,queue\n");
        foreach (var second in seconds)
        {
            var breach = breachLags.GetValueOrDefault(second) ?? [];
            var risk = atRiskLags.GetValueOrDefault(second) ?? [];
            csv.Append(CultureInfo.InvariantCulture, $"{second},{breach.Length},{P99(breach)},{Max(breach)},{risk.Length},{P99(risk)},{Max(risk)},");
            if (steps.TryGetValue(second, out var step))
            {
                var elapsed = Math.Max(0.001, (step.After.At - step.Before.At).TotalSeconds);
                csv.Append(CultureInfo.InvariantCulture,
                    $"{(step.After.GcPauseSeconds - step.Before.GcPauseSeconds) * 1000:F0},{step.After.Gen0 - step.Before.Gen0:F0},{step.After.Gen1 - step.Before.Gen1:F0},{step.After.Gen2 - step.Before.Gen2:F0},{(step.After.CpuSeconds - step.Before.CpuSeconds) / elapsed * 100:F0},{step.After.QueueLength:F0}\n");
            }
            else
            {
                csv.Append(",,,,,\n");
            }
        }

        await File.WriteAllTextAsync(path, csv.ToString(), cancellationToken);
    }

    private static Dictionary<int, double[]> BySecond(DateTimeOffset first, IEnumerable<EmittedTransitionView> transitions) =>
        transitions.GroupBy(t => (int)Math.Floor((t.At - first).TotalSeconds))
            .ToDictionary(g => g.Key, g => g.Select(t => (t.EmittedAt - t.At).TotalMilliseconds).Order().ToArray());

    private static string P99(double[] sorted) => sorted.Length == 0 ? "" : Figures.Percentile(sorted, 99).ToString("F0", CultureInfo.InvariantCulture);

    private static string Max(double[] sorted) => sorted.Length == 0 ? "" : sorted[^1].ToString("F0", CultureInfo.InvariantCulture);
}

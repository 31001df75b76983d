using System.Diagnostics.CodeAnalysis;

namespace SlaEscalation.Domain.Policies;

/// <summary>Wire names of <see cref="SlaMetric"/>.</summary>
public static class SlaMetricWire
{
    /// <summary>All metrics, in declaration order.</summary>
    public static IReadOnlyList<SlaMetric> All { get; } = Enum.GetValues<SlaMetric>();

    public static string ToWire(this SlaMetric metric) => metric switch
    {
        SlaMetric.FirstReply => "first_reply",
        SlaMetric.NextReply => "next_reply",
        SlaMetric.PeriodicUpdate => "periodic_update",
        SlaMetric.Resolution => "resolution",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    public static bool TryParse([NotNullWhen(true)] string? text, out SlaMetric metric)
    {
        (var ok, metric) = text switch
        {
            "first_reply" => (true, SlaMetric.FirstReply),
            "next_reply" => (true, SlaMetric.NextReply),
            "periodic_update" => (true, SlaMetric.PeriodicUpdate),
            "resolution" => (true, SlaMetric.Resolution),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>True for metrics that run in cycles (<c>next_reply</c>, <c>periodic_update</c>).</summary>
    public static bool IsCyclic(this SlaMetric metric) => metric is SlaMetric.NextReply or SlaMetric.PeriodicUpdate;
}

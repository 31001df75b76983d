using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Policies;

/// <summary>
/// One SLA policy: when it applies, the targets per priority per metric, the at-risk thresholds and the statuses
/// that pause each metric. Policies form an ordered set; the first whose condition matches a ticket applies.
/// </summary>
public sealed record SlaPolicy(
    string Id,
    TicketCondition When,
    IReadOnlyDictionary<Priority, IReadOnlyDictionary<SlaMetric, MetricTarget>> Targets,
    IReadOnlyDictionary<SlaMetric, AtRiskThreshold> AtRisk,
    IReadOnlyDictionary<SlaMetric, IReadOnlyList<TicketStatus>> PauseStatuses,
    string? RunbookId = null)
{
    /// <summary>Pause statuses for metrics the policy does not list: <c>resolution</c> pauses while pending or on hold.</summary>
    public static IReadOnlyList<TicketStatus> DefaultPauseStatuses(SlaMetric metric) =>
        metric == SlaMetric.Resolution ? [TicketStatus.Pending, TicketStatus.OnHold] : [];

    /// <summary>The target for a priority and metric; null when the policy sets none.</summary>
    public MetricTarget? TargetFor(Priority priority, SlaMetric metric) =>
        Targets.TryGetValue(priority, out var byMetric) && byMetric.TryGetValue(metric, out var target) ? target : null;

    public AtRiskThreshold? AtRiskFor(SlaMetric metric) => AtRisk.GetValueOrDefault(metric);

    public IReadOnlyList<TicketStatus> PauseStatusesFor(SlaMetric metric) =>
        PauseStatuses.TryGetValue(metric, out var statuses) ? statuses : DefaultPauseStatuses(metric);
}

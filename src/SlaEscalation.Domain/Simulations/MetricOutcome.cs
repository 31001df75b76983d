using NodaTime;
using SlaEscalation.Domain.Policies;

namespace SlaEscalation.Domain.Simulations;

/// <summary>What one clock of a replayed ticket did by the horizon, and what its runbook would have done.</summary>
/// <param name="InstanceId">The clock's identity within the ticket (<c>first_reply</c>, <c>next_reply#1</c>).</param>
/// <param name="Metric">Its metric.</param>
/// <param name="Verdict">How it ended up.</param>
/// <param name="WentAtRisk">Whether its at-risk threshold was reached.</param>
/// <param name="Elapsed">Business time it took when achieved; null otherwise.</param>
/// <param name="Target">The target it ran against.</param>
/// <param name="LevelsRaised">The runbook levels raised for it, from 1, in order; empty without a runbook.</param>
/// <param name="TasksOpened">The engineering tasks it opened (a ticket opens each runbook level's task once).</param>
public sealed record MetricOutcome(
    string InstanceId,
    SlaMetric Metric,
    MetricVerdict Verdict,
    bool WentAtRisk,
    Duration? Elapsed,
    Duration Target,
    IReadOnlyList<int> LevelsRaised,
    int TasksOpened)
{
    /// <summary>Whether the clock breached, achieved late or not.</summary>
    public bool Breached => Verdict is MetricVerdict.Breached or MetricVerdict.AchievedLate;
}

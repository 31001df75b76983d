namespace SlaEscalation.Domain.Runbooks;

/// <summary>An escalation runbook: ordered levels, each raised later in a metric's life than the one before.</summary>
public sealed record EscalationRunbook(string Id, IReadOnlyList<RunbookLevel> Levels)
{
    /// <summary>
    /// Whether a level waits for the metric to go at risk. A runbook without one has nothing to do with an at-risk: its
    /// first level comes with the breach or after it, and the breach is what starts its escalation.
    /// </summary>
    public bool WatchesRisk => Levels.Any(l => l.Trigger.Kind == EscalationTriggerKind.AtRisk);
}

namespace SlaEscalation.Domain.Runbooks;

/// <summary>An escalation runbook: ordered levels, each raised later in a metric's life than the one before.</summary>
public sealed record EscalationRunbook(string Id, IReadOnlyList<RunbookLevel> Levels);

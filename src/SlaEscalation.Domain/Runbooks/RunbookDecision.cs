namespace SlaEscalation.Domain.Runbooks;

/// <summary>What a runbook step decided: where the escalation stands now, the steps to record, and when to look again.</summary>
/// <param name="Progress">The escalation after the steps.</param>
/// <param name="Steps">The steps taken, oldest first; each carries the effects to carry out after it is recorded.</param>
/// <param name="NextDue">When something is due next; null when nothing is.</param>
public sealed record RunbookDecision(EscalationProgress Progress, IReadOnlyList<RunbookStep> Steps, DateTimeOffset? NextDue);

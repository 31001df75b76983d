namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// Where an escalation stands on its runbook: what its metric did, which level was raised last and how that level's
/// acknowledgement went, who owns it, and whether it ended. Changes return new values.
/// </summary>
/// <param name="AtRiskAt">When the metric went at risk; null until it did.</param>
/// <param name="BreachedAt">When the metric breached; null until it did.</param>
/// <param name="Deadline">The metric's deadline as last known.</param>
/// <param name="NextLevel">The index of the next level to consider (levels before it were raised or stood down).</param>
/// <param name="CurrentLevel">The level raised last, from 1; 0 before the first.</param>
/// <param name="LevelRaisedAt">When the current level was due (its acknowledgement window counts from there).</param>
/// <param name="AcknowledgedAt">When the current level was acknowledged; null while it waits.</param>
/// <param name="RepeatsSent">Re-notifications sent for the current level.</param>
/// <param name="AcknowledgementTimedOut">Whether the current level's acknowledgement window has passed (reported once).</param>
/// <param name="Owner">The owner: <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>; empty before the first level.</param>
/// <param name="Team">The ticket's team when the first level was raised (whose digest counts it); empty before.</param>
/// <param name="RaisedAt">When the first level was raised.</param>
/// <param name="ResolvedAt">When it ended; null while open.</param>
/// <param name="Resolution">Why it ended: <c>achieved</c>, <c>solved</c> or <c>resolved</c>; null while open.</param>
public sealed record EscalationProgress(
    DateTimeOffset? AtRiskAt,
    DateTimeOffset? BreachedAt,
    DateTimeOffset? Deadline,
    int NextLevel,
    int CurrentLevel,
    DateTimeOffset? LevelRaisedAt,
    DateTimeOffset? AcknowledgedAt,
    int RepeatsSent,
    bool AcknowledgementTimedOut,
    string Owner,
    string Team,
    DateTimeOffset? RaisedAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution)
{
    /// <summary>An escalation whose metric has done nothing yet.</summary>
    public static EscalationProgress None { get; } = new(null, null, null, 0, 0, null, null, 0, false, "", "", null, null, null);

    /// <summary>Whether a level was raised and the escalation has not ended.</summary>
    public bool IsOpen => CurrentLevel > 0 && ResolvedAt is null;

    /// <summary>The metric went at risk at <paramref name="at"/>; the first report counts.</summary>
    public EscalationProgress AtRisk(DateTimeOffset at) => this with { AtRiskAt = AtRiskAt ?? at };

    /// <summary>The metric breached at <paramref name="at"/>, which is its deadline too; the first report counts.</summary>
    public EscalationProgress Breached(DateTimeOffset at) => this with { BreachedAt = BreachedAt ?? at, Deadline = Deadline ?? at };

    /// <summary>
    /// The current level acknowledged by <paramref name="by"/>: its repeats stop, and a level waiting on its
    /// acknowledgement stands down. Null step when it was acknowledged already.
    /// </summary>
    public (EscalationProgress Progress, RunbookStep? Step) Acknowledge(string by, DateTimeOffset now)
    {
        if (AcknowledgedAt is not null)
        {
            return (this, null);
        }

        var acknowledged = this with { AcknowledgedAt = now };
        return (acknowledged, acknowledged.StepOf(now, RunbookStepKind.Acknowledged, by, null));
    }

    /// <summary>
    /// The escalation handed to <paramref name="to"/> by <paramref name="by"/>; its tasks follow the new owner. Null
    /// step when <paramref name="to"/> owns it already.
    /// </summary>
    public (EscalationProgress Progress, RunbookStep? Step) HandOff(string to, string by, string? reason, DateTimeOffset now)
    {
        if (to == Owner)
        {
            return (this, null);
        }

        var handed = this with { Owner = to };
        return (handed, handed.StepOf(now, RunbookStepKind.HandedOff, by, reason, [RunbookEffect.FollowOwner(CurrentLevel)]));
    }

    /// <summary>
    /// The escalation ended for <paramref name="resolution"/>. One raised gets a <c>resolved</c> step; one never raised
    /// just stops (null step), and so does one that ended already.
    /// </summary>
    public (EscalationProgress Progress, RunbookStep? Step) End(string resolution, string by, string? detail, DateTimeOffset now)
    {
        if (ResolvedAt is not null)
        {
            return (this, null);
        }

        var ended = this with { ResolvedAt = now, Resolution = resolution };
        var step = CurrentLevel > 0
            ? ended.StepOf(now, RunbookStepKind.Resolved, by, resolution + (detail is null ? "" : ": " + detail))
            : null;
        return (ended, step);
    }

    /// <summary>The step recording that a level's <c>reassign</c> moved the ticket to <paramref name="ticketOwner"/>.</summary>
    public RunbookStep Reassigned(TicketAssignment ticketOwner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticketOwner);
        return StepOf(now, RunbookStepKind.Reassigned, RunbookProgress.Actor, $"ticket owner {ticketOwner.Team}/{ticketOwner.Agent ?? "(queue)"}");
    }

    /// <summary>The step recording that a level's <c>create_task</c> opened <paramref name="taskId"/>.</summary>
    public RunbookStep TaskCreated(string taskId, DateTimeOffset now) => StepOf(now, RunbookStepKind.TaskCreated, RunbookProgress.Actor, taskId);

    /// <summary>A step at the current level and owner.</summary>
    internal RunbookStep StepOf(DateTimeOffset at, RunbookStepKind kind, string actor, string? detail, IReadOnlyList<RunbookEffect>? effects = null, int repeat = 0) =>
        new(at, kind, CurrentLevel, Owner, actor, detail, effects ?? [], repeat);
}

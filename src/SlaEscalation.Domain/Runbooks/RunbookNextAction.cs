namespace SlaEscalation.Domain.Runbooks;

/// <summary>What an open escalation's owner must do next, and by when.</summary>
/// <param name="Duty">What to do.</param>
/// <param name="Description">The same in words, naming what happens at <paramref name="DueAt"/>.</param>
/// <param name="DueAt">When it is due.</param>
public sealed record RunbookNextAction(OwnerDuty Duty, string Description, DateTimeOffset DueAt)
{
    /// <summary>How long an owner has to restore the SLA when nothing else sets a time: the level has no window.</summary>
    public static readonly TimeSpan DefaultRestoreWithin = TimeSpan.FromHours(1);

    /// <summary>The duty's name on the wire: <c>acknowledge</c> or <c>restore_sla</c>.</summary>
    public string Name => Duty == OwnerDuty.Acknowledge ? "acknowledge" : "restore_sla";

    /// <summary>
    /// What the owner of an escalation of <paramref name="metric"/> must do next. Unacknowledged, it is to acknowledge
    /// by the window's end or the next repeat (naming the level that waits on it). Acknowledged, it is to achieve the
    /// metric by the next level's trigger, else the deadline while not breached, else one acknowledgement window
    /// after the acknowledgement (<paramref name="updatedAt"/> without one; an hour when the level has no window).
    /// </summary>
    public static RunbookNextAction Of(EscalationProgress progress, IReadOnlyList<RunbookLevel> levels, string metric, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(levels);
        var current = progress.CurrentLevel > 0 && progress.CurrentLevel <= levels.Count ? levels[progress.CurrentLevel - 1] : null;
        var next = progress.NextLevel < levels.Count ? levels[progress.NextLevel] : null;
        var nextAt = next is null ? null : RunbookProgress.TriggerAt(progress, next);
        if (progress.AcknowledgedAt is null && current is not null && progress.LevelRaisedAt is { } raised)
        {
            var due = RunbookProgress.PendingAcknowledgementDue(progress, current) ?? raised + current.DueAfterRaise(progress.RepeatsSent).ToTimeSpan();
            var then = next is { Trigger.Kind: EscalationTriggerKind.UnacknowledgedFor }
                ? $"; unacknowledged, level {progress.CurrentLevel + 1} ({next.Owner}) is raised at {nextAt:O}"
                : "";
            return new(OwnerDuty.Acknowledge, $"{progress.Owner} acknowledges level {progress.CurrentLevel} by {due:O}{then}", due);
        }

        var raisedNext = nextAt is not null && next!.Trigger.Kind != EscalationTriggerKind.UnacknowledgedFor;
        var restoreBy = raisedNext ? nextAt!.Value
            : progress.BreachedAt is null && progress.Deadline is { } deadline ? deadline
            : (progress.AcknowledgedAt ?? updatedAt) + (current?.AcknowledgeWithin.ToTimeSpan() ?? DefaultRestoreWithin);
        var what = progress.BreachedAt is null ? $"achieve {metric} before its deadline" : $"achieve {metric} (breached at {progress.BreachedAt:O})";
        var level = raisedNext ? $"; level {progress.NextLevel + 1} ({next!.Trigger}, {next.Owner}) is raised at {nextAt:O}" : "";
        return new(OwnerDuty.RestoreSla, $"{progress.Owner}: {what}{level}", restoreBy);
    }
}

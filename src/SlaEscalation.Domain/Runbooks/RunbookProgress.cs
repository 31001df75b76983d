using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// How an escalation moves along its runbook: which level is raised when, who owns it, when an unacknowledged level
/// times out and notifies again, and when something is next due.
/// </summary>
public static class RunbookProgress
{
    /// <summary>The actor of the steps the runbook takes.</summary>
    public const string Actor = "escalation";

    /// <summary>
    /// Whether <see cref="Step"/> at <paramref name="now"/> raises a level, so that it needs to know the ticket. The
    /// levels that stand down first are skipped as <see cref="Step"/> skips them.
    /// </summary>
    public static bool RaisesLevel(EscalationProgress progress, EscalationRunbook runbook, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(runbook);
        for (var index = progress.NextLevel; index < runbook.Levels.Count; index++)
        {
            var level = runbook.Levels[index];
            if (!StandsDown(progress with { NextLevel = index }, level))
            {
                return TriggerAt(progress, level) <= now;
            }
        }

        return false;
    }

    /// <summary>
    /// Takes every step due at <paramref name="now"/>: reports a missed acknowledgement, repeats notifications, stands
    /// down levels whose wait is over, and raises levels whose trigger has come. An ended escalation takes none.
    /// </summary>
    /// <param name="progress">Where the escalation stands.</param>
    /// <param name="runbook">The runbook it follows.</param>
    /// <param name="teams">The configured teams, for leads and on-call agents.</param>
    /// <param name="ticket">The ticket; needed only when <see cref="RaisesLevel"/> says a level is raised.</param>
    /// <param name="now">The instant the steps are taken.</param>
    public static RunbookDecision Step(
        EscalationProgress progress,
        EscalationRunbook runbook,
        IReadOnlyDictionary<string, TeamDefinition> teams,
        RunbookTicket? ticket,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(runbook);
        ArgumentNullException.ThrowIfNull(teams);
        var steps = new List<RunbookStep>();

        // Bounded, so that a runbook with long overdue repeats catches up over several turns rather than in one.
        // Each turn takes the earliest step due, so an escalation that catches up (a back-dated event, a delivery
        // late after a failover) records its steps in the order they fell due: a next level raised before the
        // current one's repeat falls due ends the repeats, as it would have on time. At the same instant the
        // current level's step comes first (its minute ended with the breach that raises the next).
        for (var guard = 0; progress.ResolvedAt is null && guard < 4 * (runbook.Levels.Count + 1); guard++)
        {
            while (progress.NextLevel < runbook.Levels.Count && StandsDown(progress, runbook.Levels[progress.NextLevel]))
            {
                progress = progress with { NextLevel = progress.NextLevel + 1 };
            }

            var trigger = progress.NextLevel < runbook.Levels.Count ? TriggerAt(progress, runbook.Levels[progress.NextLevel]) : null;
            if (progress.CurrentLevel > 0 && progress.AcknowledgedAt is null)
            {
                var current = runbook.Levels[progress.CurrentLevel - 1];
                if (PendingAcknowledgementDue(progress, current) is { } due && due <= now && !(trigger < due))
                {
                    (progress, var step) = progress.AcknowledgementTimedOut ? Renotify(progress, current, now) : TimeOut(progress, current, now);
                    steps.Add(step);
                    continue;
                }
            }

            if (trigger is not { } at || at > now)
            {
                break;
            }

            (progress, var raised) = Raise(progress, runbook, teams, ticket ?? throw new ArgumentNullException(nameof(ticket), "a level is raised: the ticket is needed"), at, now);
            if (raised is not null)
            {
                steps.Add(raised);
            }
        }

        return new RunbookDecision(progress, steps, NextDue(progress, runbook));
    }

    /// <summary>
    /// The next instant something is due: the current level's acknowledgement window or repeat, or the next level's
    /// trigger, whichever comes first; null once the escalation ended or nothing can be known yet.
    /// </summary>
    public static DateTimeOffset? NextDue(EscalationProgress progress, EscalationRunbook runbook)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(runbook);
        if (progress.ResolvedAt is not null)
        {
            return null;
        }

        DateTimeOffset? due = null;
        if (progress.CurrentLevel > 0 && progress.AcknowledgedAt is null)
        {
            due = PendingAcknowledgementDue(progress, runbook.Levels[progress.CurrentLevel - 1]);
        }

        if (progress.NextLevel < runbook.Levels.Count && TriggerAt(progress, runbook.Levels[progress.NextLevel]) is { } trigger)
        {
            due = due is null || trigger < due ? trigger : due;
        }

        return due;
    }

    /// <summary>
    /// When the current level's acknowledgement is next due: the end of its window, then each repeat, one
    /// <see cref="RunbookLevel.RepeatEvery"/> after the other; null once the window has passed and every repeat was sent.
    /// </summary>
    public static DateTimeOffset? PendingAcknowledgementDue(EscalationProgress progress, RunbookLevel level)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(level);
        return progress.LevelRaisedAt is not { } raised ? null
            : !progress.AcknowledgementTimedOut ? raised + level.AcknowledgeWithin.ToTimeSpan()
            : progress.RepeatsSent < level.Repeats ? raised + level.DueAfterRaise(progress.RepeatsSent + 1).ToTimeSpan()
            : null;
    }

    /// <summary>When a level's trigger holds; null while it cannot be known yet.</summary>
    public static DateTimeOffset? TriggerAt(EscalationProgress progress, RunbookLevel level)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(level);
        return level.Trigger.Kind switch
        {
            // A breach is past the risk too: an at-risk level is raised by whichever comes first.
            EscalationTriggerKind.AtRisk => progress.AtRiskAt ?? progress.BreachedAt,
            EscalationTriggerKind.Breached => progress.BreachedAt,
            EscalationTriggerKind.BreachedFor => progress.BreachedAt + level.Trigger.After.ToTimeSpan(),
            _ => progress.LevelRaisedAt + level.Trigger.After.ToTimeSpan(),
        };
    }

    /// <summary>A level that waits on the one before it stands down once that one was acknowledged (or never raised).</summary>
    private static bool StandsDown(EscalationProgress progress, RunbookLevel next) =>
        next.Trigger.Kind == EscalationTriggerKind.UnacknowledgedFor
        && (progress.CurrentLevel != progress.NextLevel || progress.AcknowledgedAt is not null);

    private static (EscalationProgress, RunbookStep) TimeOut(EscalationProgress progress, RunbookLevel current, DateTimeOffset now)
    {
        var timedOut = progress with { AcknowledgementTimedOut = true };
        var detail = $"not acknowledged within {EscalationTrigger.Iso(current.AcknowledgeWithin)}";
        return (timedOut, timedOut.StepOf(now, RunbookStepKind.AcknowledgementTimedOut, Actor, detail));
    }

    private static (EscalationProgress, RunbookStep) Renotify(EscalationProgress progress, RunbookLevel current, DateTimeOffset now)
    {
        var repeat = progress.RepeatsSent + 1;
        var renotified = progress with { RepeatsSent = repeat };
        return (renotified, renotified.StepOf(now, RunbookStepKind.Notified, Actor, $"repeat {repeat} of {current.Repeats}", repeat: repeat));
    }

    /// <summary>
    /// Raises the next level, due at <paramref name="due"/>. Its acknowledgement window counts from
    /// <paramref name="due"/>, not from when the raise ran, so a late delivery (a failover) never stretches the
    /// schedule. A ticket already solved, or a metric already achieved, ends the escalation instead: its transition may
    /// still be on its way, and a level raised for a breach that is over would reassign the ticket, open a task and
    /// page people for nothing anyone can still restore (a breach learned late is still counted, by the digest).
    /// </summary>
    private static (EscalationProgress, RunbookStep?) Raise(
        EscalationProgress progress,
        EscalationRunbook runbook,
        IReadOnlyDictionary<string, TeamDefinition> teams,
        RunbookTicket ticket,
        DateTimeOffset due,
        DateTimeOffset now)
    {
        if (ticket.IsSolved)
        {
            return progress.End("solved", Actor, null, now);
        }

        if (ticket.IsAchieved)
        {
            return progress.End("achieved", Actor, null, now);
        }

        var level = runbook.Levels[progress.NextLevel];
        var number = progress.NextLevel + 1;
        var ownership = level.Owner.Resolve(ticket.Owner, teams);
        var raised = progress with
        {
            Deadline = ticket.Deadline ?? progress.Deadline,
            CurrentLevel = number,
            NextLevel = number,
            LevelRaisedAt = due,
            AcknowledgedAt = null,
            RepeatsSent = 0,
            AcknowledgementTimedOut = false,
            Owner = ownership.Owner,
            RaisedAt = progress.RaisedAt ?? now,
            Team = progress.Team.Length == 0 ? ticket.Owner.Team : progress.Team,
        };

        List<RunbookEffect> effects = [RunbookEffect.FollowOwner(number)];
        if (level.Actions.Contains(EscalationAction.Reassign))
        {
            effects.Add(new RunbookEffect(RunbookEffectKind.Reassign, number, ownership.TicketOwner, null));
        }

        if (level.Actions.Contains(EscalationAction.CreateTask))
        {
            var team = level.Owner.Kind == EscalationOwnerKind.Engineering ? level.Owner.Reference : null;
            effects.Add(new RunbookEffect(RunbookEffectKind.CreateTask, number, null, team));
        }

        return (raised, raised.StepOf(now, RunbookStepKind.Raised, Actor, $"{level.Trigger}: {level.ActionList}", effects));
    }
}

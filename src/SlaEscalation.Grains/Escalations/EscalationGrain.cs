using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// One escalation: a ticket's metric instance following its policy's runbook, level by level. It always has exactly
/// one owner, a next action and a due time while open; durable reminders raise the next level, repeat
/// notifications and report missed acknowledgements on time.
/// </summary>
/// <remarks>
/// Every change follows one order: decide, record in state (steps, notices, audit facts and the actions to carry
/// out), write state, then carry out. Each receiver drops repeats (the ticket by cause, the tracker by task id, the
/// bus and notifier by notice id), so a crash between writing and finishing repeats work, never loses or doubles it.
/// </remarks>
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class EscalationGrain(
    [PersistentState("slaEscalation", "Default")] IPersistentState<EscalationState> state,
    ISlaConfigurationSource configurationSource,
    IEscalationIndex index,
    ITaskTracker tracker,
    TimeProvider time,
    INotifier notifier,
    ILogger<EscalationGrain> logger) : Grain, IEscalationGrain, IRemindable
{
    /// <summary>The one reminder an escalation keeps.</summary>
    public const string Reminder = "escalation";

    /// <summary>The actor of the steps the runbook takes.</summary>
    public const string RunbookActor = "escalation";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Subject is not null && (state.State.IsOpen || state.State.Effects.Count > 0 || !state.State.Outbox.IsEmpty))
        {
            await AdvanceAsync(changed: false);
        }
    }

    public async Task ObserveAsync(EscalationSubject subject, SlaTransition transition)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(transition);
        if (!state.State.Observed.Add(transition.TransitionId))
        {
            await AdvanceAsync(changed: false);
            return;
        }

        if (state.State.Subject is null && transition.Type is SlaTransitionTypes.Achieved or SlaTransitionTypes.TicketSolved)
        {
            // Achieved or solved before anything was at risk: there is nothing to escalate, and nothing to remember.
            return;
        }

        state.State.Subject ??= subject;
        state.State.Priority = transition.Priority ?? state.State.Priority;
        switch (transition.Type)
        {
            case SlaTransitionTypes.AtRisk:
                state.State.AtRiskAt ??= transition.At;
                break;
            case SlaTransitionTypes.Breached:
                state.State.BreachedAt ??= transition.At;
                state.State.Deadline ??= transition.At;
                break;
            case SlaTransitionTypes.Achieved:
                End("achieved", RunbookActor, transition.TransitionId);
                break;
            case SlaTransitionTypes.TicketSolved:
                End("solved", RunbookActor, transition.TransitionId);
                break;
        }

        await AdvanceAsync(changed: true);
    }

    public async Task<EscalationView?> GetAsync() => state.State.CurrentLevel == 0 ? null : await ViewAsync();

    public async Task<EscalationCommandResult> AcknowledgeAsync(string by, string actor)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (state.State.AcknowledgedAt is null)
        {
            var now = time.GetUtcNow();
            state.State.AcknowledgedAt = now;
            Step(now, "acknowledged", by, null);
            var notice = Notice(now, EscalationNoticeTypes.Acknowledged, $"L{state.State.CurrentLevel}/acknowledged", by, null);
            Fact(now, AuditActorKind.User, by, AuditAction.EscalationAcknowledged, null, AuditedNotice.AfterData(new { escalationId = Id, level = state.State.CurrentLevel, owner = state.State.Owner }, notice));
            await AdvanceAsync(changed: true);
        }

        return new EscalationCommandResult(EscalationCommandOutcome.Applied, await ViewAsync());
    }

    public async Task<EscalationCommandResult> HandOffAsync(string to, string by, string reason, string actor)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (to != state.State.Owner)
        {
            var now = time.GetUtcNow();
            var before = state.State.Owner;
            state.State.Owner = to;
            Step(now, "handed_off", by, reason);
            TellTasksOfOwner();
            var notice = Notice(now, EscalationNoticeTypes.HandedOff, $"handoff#{state.State.History.Count}", by, reason);
            Fact(now, AuditActorKind.User, by, AuditAction.EscalationHandedOff, Json(new { escalationId = Id, owner = before }), AuditedNotice.AfterData(new { escalationId = Id, owner = to, reason }, notice));
            await AdvanceAsync(changed: true);
            return new EscalationCommandResult(EscalationCommandOutcome.Applied, await ViewAsync());
        }

        return new EscalationCommandResult(EscalationCommandOutcome.AlreadyOwner, await ViewAsync(), $"escalation '{Id}' is owned by {to} already");
    }

    public async Task<EscalationCommandResult> ResolveAsync(string by, string? reason, string actor)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        var (owner, level) = (state.State.Owner, state.State.CurrentLevel);
        if (End("resolved", by, reason) is { } notice)
        {
            Fact(notice.At, AuditActorKind.User, by, AuditAction.EscalationResolved, Json(new { escalationId = Id, level, owner }), AuditedNotice.AfterData(new { escalationId = Id, resolution = "resolved", reason }, notice));
        }

        await AdvanceAsync(changed: true);
        return new EscalationCommandResult(EscalationCommandOutcome.Applied, await ViewAsync());
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Reminder ? AdvanceAsync(changed: false) : Task.CompletedTask;

    /// <summary>Refuses a command to an escalation never raised, or already resolved; null when it may proceed.</summary>
    private async Task<EscalationCommandResult?> RefuseAsync() =>
        state.State.CurrentLevel == 0 ? new EscalationCommandResult(EscalationCommandOutcome.NotFound, null, $"no escalation '{Id}'")
        : state.State.ResolvedAt is not null ? new EscalationCommandResult(EscalationCommandOutcome.Closed, await ViewAsync(), $"escalation '{Id}' is resolved ({state.State.Resolution})")
        : null;

    /// <summary>
    /// Takes every step that is due, writes state when anything changed, carries out what was recorded, updates the
    /// index, and keeps the reminder at the next due instant (a period away while a delivery or the index failed).
    /// </summary>
    private async Task AdvanceAsync(bool changed)
    {
        var now = time.GetUtcNow();
        if (state.State.Subject is not null && state.State.ResolvedAt is null)
        {
            changed |= await StepDueAsync(now);
        }

        if (changed)
        {
            state.State.UpdatedAt = now;
            await state.WriteStateAsync();
        }

        var done = await CarryOutAsync();
        var indexed = state.State.CurrentLevel == 0 || !(changed || done) || await IndexAsync();
        var reminderChanged = await ScheduleAsync(done && indexed ? await NextDueAsync() : now + ReminderCadence.Period, now);
        if (reminderChanged || (done && (state.State.Effects.Count > 0 || !state.State.Outbox.IsEmpty)))
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// Writes the view to the index; false when that failed. The change is durable in state already, and each row
    /// carries the whole view, so the reminder's next try catches the index up (a resolved escalation keeps its
    /// reminder until then).
    /// </summary>
    private async Task<bool> IndexAsync()
    {
        try
        {
            await index.UpsertAsync(await ViewAsync());
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogIndexDeferred(logger, ex, Id);
            return false;
        }
    }

    /// <summary>Raises levels, reports missed acknowledgements and repeats notifications whose instant has come.</summary>
    private async Task<bool> StepDueAsync(DateTimeOffset now)
    {
        var runbook = await RunbookAsync();
        if (runbook is null)
        {
            return false;
        }

        var changed = false;
        for (var guard = 0; guard < 4 * (runbook.Levels.Count + 1); guard++)
        {
            if (state.State.CurrentLevel > 0 && state.State.AcknowledgedAt is null)
            {
                var current = runbook.Levels[state.State.CurrentLevel - 1];
                if (PendingAcknowledgementDue(current) is { } due && due <= now)
                {
                    if (!state.State.AcknowledgementTimedOut)
                    {
                        state.State.AcknowledgementTimedOut = true;
                        Step(now, "ack_timed_out", RunbookActor, $"not acknowledged within {Format(current.AcknowledgeWithin)}");
                        var notice = Notice(now, EscalationNoticeTypes.AcknowledgementTimedOut, $"L{state.State.CurrentLevel}/ack_timed_out", RunbookActor, null);
                        Fact(now, AuditActorKind.System, RunbookActor, AuditAction.EscalationUnacknowledged, null, AuditedNotice.AfterData(new { escalationId = Id, level = state.State.CurrentLevel, owner = state.State.Owner, ackWithin = Format(current.AcknowledgeWithin) }, notice));
                    }
                    else
                    {
                        state.State.RepeatsSent++;
                        Step(now, "notified", RunbookActor, $"repeat {state.State.RepeatsSent} of {current.Repeats}");
                        Notice(now, EscalationNoticeTypes.Renotified, $"L{state.State.CurrentLevel}/repeat#{state.State.RepeatsSent}", RunbookActor, null, notifyOwner: true);
                    }

                    changed = true;
                    continue;
                }
            }

            if (state.State.NextLevel >= runbook.Levels.Count)
            {
                break;
            }

            var next = runbook.Levels[state.State.NextLevel];
            if (next.Trigger.Kind == EscalationTriggerKind.UnacknowledgedFor
                && (state.State.CurrentLevel != state.State.NextLevel || state.State.AcknowledgedAt is not null))
            {
                // The level it waits on was acknowledged (or never raised): it stands down.
                state.State.NextLevel++;
                changed = true;
                continue;
            }

            if (TriggerAt(next) is { } at && at <= now)
            {
                await RaiseAsync(runbook, state.State.NextLevel, at, now);
                changed = true;
                if (state.State.ResolvedAt is not null)
                {
                    break;
                }

                continue;
            }

            break;
        }

        return changed;
    }

    /// <summary>
    /// Raises level <paramref name="levelIndex"/>, due at <paramref name="due"/>: owner, step, notice, audit fact, and
    /// its actions recorded. Its acknowledgement window counts from <paramref name="due"/>, not from when the raise
    /// ran, so a late delivery (a failover) never stretches the schedule.
    /// </summary>
    private async Task RaiseAsync(EscalationRunbook runbook, int levelIndex, DateTimeOffset due, DateTimeOffset now)
    {
        var subject = state.State.Subject!;
        var level = runbook.Levels[levelIndex];
        var number = levelIndex + 1;
        var context = await GrainFactory.GetGrain<ITicketGrain>(subject.TicketKey).GetContextAsync();
        var configuration = (await configurationSource.GetAsync()).Configuration;
        if (context is { IsSolved: true })
        {
            // The solved transition may still be on its way; the ticket's own state settles it now.
            End("solved", RunbookActor, null);
            return;
        }

        var (owner, ticketOwner) = EscalationOwners.Resolve(level.Owner, context, configuration);
        if (context?.Metrics.FirstOrDefault(m => m.InstanceId == subject.InstanceId)?.Deadline is { } deadline)
        {
            state.State.Deadline = deadline;
        }

        state.State.CurrentLevel = number;
        state.State.NextLevel = number;
        state.State.LevelRaisedAt = due;
        state.State.AcknowledgedAt = null;
        state.State.RepeatsSent = 0;
        state.State.AcknowledgementTimedOut = false;
        state.State.Owner = owner;
        state.State.RaisedAt ??= now;
        if (state.State.Team.Length == 0)
        {
            state.State.Team = context?.Owner.Team ?? Tickets.TicketGrain.FallbackTeam;
        }

        var actions = string.Join(", ", level.Actions.Select(EscalationOwners.ActionName));
        Step(now, "raised", RunbookActor, $"{level.Trigger}: {actions}");
        TellTasksOfOwner();
        var notice = Notice(now, EscalationNoticeTypes.Raised, $"L{number}/raised", RunbookActor, level.Trigger.ToString(), notifyOwner: level.Actions.Contains(EscalationAction.Notify));
        Fact(now, AuditActorKind.System, RunbookActor, AuditAction.EscalationRaised, null, AuditedNotice.AfterData(new { escalationId = Id, metric = subject.Metric, level = number, trigger = level.Trigger.ToString(), owner, actions }, notice));
        if (level.Actions.Contains(EscalationAction.Reassign))
        {
            state.State.Effects.Add(new EscalationEffect($"{Id}/L{number}/reassign", "reassign", number, ticketOwner, null));
        }

        if (level.Actions.Contains(EscalationAction.CreateTask))
        {
            var team = level.Owner.Kind == EscalationOwnerKind.Engineering ? level.Owner.Reference : null;
            state.State.Effects.Add(new EscalationEffect(EscalationIds.TaskOf(subject.TicketKey, subject.RunbookId, number), "create_task", number, null, team));
        }
    }

    /// <summary>Delivers facts and notices, then carries out recorded actions; returns false when something must be retried.</summary>
    private async Task<bool> CarryOutAsync()
    {
        try
        {
            // Facts and notices first, so the ticket's timeline reads in order: the level raised, then what it did.
            if (!state.State.Outbox.IsEmpty)
            {
                await state.State.Outbox.FlushAsync(GrainFactory, this.GetStreamProvider(EventBus.ProviderName), notifier);
                await state.WriteStateAsync();
            }

            while (state.State.Effects.Count > 0)
            {
                await CarryOutAsync(state.State.Effects[0]);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDeferred(logger, ex, Id);
            return false;
        }
    }

    private async Task CarryOutAsync(EscalationEffect effect)
    {
        var subject = state.State.Subject!;
        var ticket = GrainFactory.GetGrain<ITicketGrain>(subject.TicketKey);
        var now = time.GetUtcNow();
        switch (effect.Kind)
        {
            case "reassign" when effect.NewTicketOwner is { } owner:
                var after = await ticket.ReassignAsync(new OwnerReassignment(owner, AuditActorKind.System, RunbookActor, effect.Key, now));
                Step(now, "reassigned", RunbookActor, $"ticket owner {after.Team}/{after.Agent ?? "(queue)"}");
                break;
            case "create_task":
                var context = await ticket.GetContextAsync() ?? throw new InvalidOperationException($"ticket '{subject.TicketKey}' has no events");
                var taskId = await tracker.OpenAsync(new TaskOpening(effect.Key, subject.Metric, effect.EngineeringTeam, context, Id, state.State.Owner, [.. state.State.History], now));
                if (!state.State.TaskIds.Contains(taskId))
                {
                    state.State.TaskIds.Add(taskId);
                }

                Step(now, "task_created", RunbookActor, taskId);
                break;
            case "follow":
                foreach (var opened in state.State.TaskIds)
                {
                    await tracker.FollowAsync(new TaskEscalationUpdate(opened, Id, state.State.Owner, [.. state.State.History], now));
                }

                break;
        }

        // The effect leaves the list with the same write that records its step: a crash before that write repeats
        // the effect, which the ticket and the tracker drop as a repeat.
        state.State.Effects.Remove(effect);
        await state.WriteStateAsync();
    }

    /// <summary>
    /// Records that the tasks opened so far must learn the escalation's new owner. One pending record is enough: it
    /// sends the owner and path as they are when it is carried out.
    /// </summary>
    private void TellTasksOfOwner()
    {
        if (state.State.TaskIds.Count > 0 && !state.State.Effects.Any(e => e.Kind == "follow"))
        {
            state.State.Effects.Add(new EscalationEffect($"{Id}/follow#{state.State.History.Count}", "follow", state.State.CurrentLevel, null, null));
        }
    }

    /// <summary>The next instant something is due: an acknowledgement window, a repeat, or the next level's trigger.</summary>
    private async Task<DateTimeOffset?> NextDueAsync()
    {
        if (!state.State.IsOpen && state.State.ResolvedAt is not null)
        {
            return null;
        }

        var runbook = await RunbookAsync();
        if (runbook is null)
        {
            return null;
        }

        DateTimeOffset? due = null;
        if (state.State.CurrentLevel > 0 && state.State.AcknowledgedAt is null)
        {
            due = PendingAcknowledgementDue(runbook.Levels[state.State.CurrentLevel - 1]);
        }

        if (state.State.NextLevel < runbook.Levels.Count && TriggerAt(runbook.Levels[state.State.NextLevel]) is { } trigger)
        {
            due = due is null || trigger < due ? trigger : due;
        }

        return due;
    }

    /// <summary>Keeps the reminder at <paramref name="due"/>, or removes it when nothing is due; returns whether it changed.</summary>
    private async Task<bool> ScheduleAsync(DateTimeOffset? due, DateTimeOffset now)
    {
        if (due is null)
        {
            if (state.State.ReminderDueAt is null)
            {
                return false;
            }

            if (await this.GetReminder(Reminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            state.State.ReminderDueAt = null;
            return true;
        }

        if (state.State.ReminderDueAt == due && due > now)
        {
            return false;
        }

        await this.RegisterOrUpdateReminder(Reminder, ReminderCadence.DueTimeUntil(due.Value, now), ReminderCadence.Period);
        state.State.ReminderDueAt = due;
        return true;
    }

    /// <summary>
    /// When the current level's acknowledgement is next due: the end of its window, then each repeat, one
    /// <see cref="RunbookLevel.RepeatEvery"/> after the other; null once the window has passed and every repeat was sent.
    /// </summary>
    private DateTimeOffset? PendingAcknowledgementDue(RunbookLevel level) =>
        state.State.LevelRaisedAt is not { } raised ? null
        : !state.State.AcknowledgementTimedOut ? raised + level.AcknowledgeWithin.ToTimeSpan()
        : state.State.RepeatsSent < level.Repeats ? raised + level.DueAfterRaise(state.State.RepeatsSent + 1).ToTimeSpan()
        : null;

    /// <summary>When a level's trigger holds; null while it cannot be known yet.</summary>
    private DateTimeOffset? TriggerAt(RunbookLevel level) => level.Trigger.Kind switch
    {
        // A breach is past the risk too: an at-risk level is raised by whichever comes first.
        EscalationTriggerKind.AtRisk => state.State.AtRiskAt ?? state.State.BreachedAt,
        EscalationTriggerKind.Breached => state.State.BreachedAt,
        EscalationTriggerKind.BreachedFor => state.State.BreachedAt + level.Trigger.After.ToTimeSpan(),
        _ => state.State.LevelRaisedAt + level.Trigger.After.ToTimeSpan(),
    };

    private async Task<EscalationRunbook?> RunbookAsync() =>
        state.State.Subject is { } subject
        && (await configurationSource.GetAsync()).Configuration.Runbooks.TryGetValue(subject.RunbookId, out var runbook)
            ? runbook
            : null;

    /// <summary>
    /// Ends the escalation; one raised is resolved with a step and a notice (returned), one never raised just stops.
    /// </summary>
    private EscalationNotice? End(string resolution, string by, string? detail)
    {
        if (state.State.ResolvedAt is not null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        state.State.ResolvedAt = now;
        state.State.Resolution = resolution;
        if (state.State.CurrentLevel > 0)
        {
            Step(now, "resolved", by, resolution + (detail is null ? "" : ": " + detail));
            return Notice(now, EscalationNoticeTypes.Resolved, "resolved", by, resolution);
        }

        return null;
    }

    private void Step(DateTimeOffset at, string step, string actor, string? detail) =>
        state.State.History.Add(new EscalationStep(at, step, state.State.CurrentLevel, state.State.Owner, actor, detail));

    private void Fact(DateTimeOffset at, AuditActorKind kind, string actor, AuditAction action, string? before, string? after)
    {
        var subject = state.State.Subject!;
        state.State.Outbox.Facts.Add(new PendingFact(
            $"{Id}/step#{state.State.History.Count}",
            new AuditFact(at, kind, actor, subject.TicketKey, action, before, after, Id)));
    }

    /// <summary>Queues a notice for the bus (and the owner, when <paramref name="notifyOwner"/>); returns it for the step's audit fact.</summary>
    private EscalationNotice Notice(DateTimeOffset at, string type, string suffix, string actor, string? detail, bool notifyOwner = false)
    {
        var subject = state.State.Subject!;
        var notice = new EscalationNotice(
            $"{Id}/{suffix}",
            type,
            subject.TicketKey,
            Id,
            state.State.Team,
            subject.Metric,
            state.State.CurrentLevel,
            state.State.Owner,
            at,
            actor,
            detail,
            null,
            state.State.Priority);
        state.State.Outbox.Notices.Add(notice);
        if (notifyOwner)
        {
            state.State.Outbox.Recipients[notice.NoticeId] = state.State.Owner;
        }

        return notice;
    }

    private async Task<EscalationView> ViewAsync()
    {
        var s = state.State;
        var runbook = await RunbookAsync();
        var subject = s.Subject!;
        return new EscalationView(
            Id,
            subject.TicketKey,
            subject.Metric,
            subject.InstanceId,
            subject.RunbookId,
            s.Team,
            s.ResolvedAt is null ? "open" : "resolved",
            s.CurrentLevel,
            s.Owner,
            s.AcknowledgedAt is not null,
            s.ResolvedAt is null ? NextActionOf(runbook?.Levels ?? []) : null,
            s.RaisedAt ?? s.UpdatedAt,
            s.UpdatedAt,
            s.ResolvedAt,
            s.Resolution,
            [.. s.TaskIds],
            [.. s.History]);
    }

    /// <summary>What the owner must do next and by when.</summary>
    private NextAction NextActionOf(IReadOnlyList<RunbookLevel> levels)
    {
        var s = state.State;
        var current = s.CurrentLevel > 0 && s.CurrentLevel <= levels.Count ? levels[s.CurrentLevel - 1] : null;
        var next = s.NextLevel < levels.Count ? levels[s.NextLevel] : null;
        var nextAt = next is null ? null : TriggerAt(next);
        if (s.AcknowledgedAt is null && current is not null && s.LevelRaisedAt is { } raised)
        {
            var due = PendingAcknowledgementDue(current) ?? raised + current.DueAfterRaise(s.RepeatsSent).ToTimeSpan();
            var then = next is not null && next.Trigger.Kind == EscalationTriggerKind.UnacknowledgedFor
                ? $"; unacknowledged, level {s.CurrentLevel + 1} ({EscalationOwners.Describe(next.Owner)}) is raised at {nextAt:O}"
                : "";
            return new NextAction("acknowledge", $"{s.Owner} acknowledges level {s.CurrentLevel} by {due:O}{then}", due);
        }

        var restoreBy = nextAt is { } at && next!.Trigger.Kind != EscalationTriggerKind.UnacknowledgedFor ? at
            : s.BreachedAt is null && s.Deadline is { } deadline ? deadline
            : (s.AcknowledgedAt ?? s.UpdatedAt) + (current?.AcknowledgeWithin.ToTimeSpan() ?? TimeSpan.FromHours(1));
        var metric = s.Subject!.Metric;
        var what = s.BreachedAt is null ? $"achieve {metric} before its deadline" : $"achieve {metric} (breached at {s.BreachedAt:O})";
        var level = nextAt is not null && next!.Trigger.Kind != EscalationTriggerKind.UnacknowledgedFor
            ? $"; level {s.NextLevel + 1} ({next.Trigger}, {EscalationOwners.Describe(next.Owner)}) is raised at {nextAt:O}"
            : "";
        return new NextAction("restore_sla", $"{s.Owner}: {what}{level}", restoreBy);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private static string Format(Duration duration) => EscalationTrigger.Iso(duration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Escalation}: an action or delivery failed; a reminder retries")]
    private static partial void LogDeferred(ILogger logger, Exception exception, string escalation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Escalation}: the index refused its view; a reminder retries")]
    private static partial void LogIndexDeferred(ILogger logger, Exception exception, string escalation);
}

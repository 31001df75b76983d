using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// One escalation: a ticket's metric instance following its policy's runbook, level by level. It always has exactly
/// one owner, a next action and a due time while open; durable reminders raise the next level, repeat
/// notifications and report missed acknowledgements on time. <see cref="RunbookProgress"/> decides; the grain records
/// what it decided, carries it out and keeps the reminder.
/// </summary>
/// <remarks>
/// Every change follows one order: decide, record in state (steps, notices, audit facts and the effects to carry
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
    ILogger<EscalationGrain> logger,
    SlaMetrics metrics) : Grain, IEscalationGrain, IRemindable
{
    /// <summary>The one reminder an escalation keeps.</summary>
    public const string Reminder = "escalation";

    /// <summary>A reminder tick that came ahead of its instant, held until then.</summary>
    private EarlyTick? early;

    /// <summary>Whether the outbox delivered something since state was last written.</summary>
    private bool outboxUnwritten;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.UpgradeOutbox();
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
            // Achieved or solved before anything was at risk (most metrics): there is nothing to escalate, nothing to
            // remember, and no reason to keep the activation for its idle minutes.
            DeactivateOnIdle();
            return;
        }

        state.State.Subject ??= subject;
        state.State.Priority = transition.Priority ?? state.State.Priority;
        switch (transition.Type)
        {
            case SlaTransitionTypes.AtRisk:
                state.State.Progress = state.State.Progress.AtRisk(transition.At);
                break;
            case SlaTransitionTypes.Breached:
                state.State.Progress = state.State.Progress.Breached(transition.At);
                break;
            case SlaTransitionTypes.Achieved:
                End("achieved", RunbookProgress.Actor, transition.TransitionId);
                break;
            case SlaTransitionTypes.TicketSolved:
                End("solved", RunbookProgress.Actor, transition.TransitionId);
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

        var (progress, step) = state.State.Progress.Acknowledge(by, time.GetUtcNow());
        if (step is not null)
        {
            state.State.Progress = progress;
            var notice = Record(step);
            Fact(step, AuditActorKind.User, AuditAction.EscalationAcknowledged, null, AuditedNotice.AfterData(new { escalationId = Id, level = step.Level, owner = step.Owner }, notice), (actor, by));
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

        var before = state.State.Owner;
        var (progress, step) = state.State.Progress.HandOff(to, by, reason, time.GetUtcNow());
        if (step is null)
        {
            return new EscalationCommandResult(EscalationCommandOutcome.AlreadyOwner, await ViewAsync(), $"escalation '{Id}' is owned by {to} already");
        }

        state.State.Progress = progress;
        var notice = Record(step);
        Fact(step, AuditActorKind.User, AuditAction.EscalationHandedOff, EscalationMapping.AuditJson(new { escalationId = Id, owner = before }), AuditedNotice.AfterData(new { escalationId = Id, owner = to, reason }, notice), (actor, by));
        await AdvanceAsync(changed: true);
        return new EscalationCommandResult(EscalationCommandOutcome.Applied, await ViewAsync());
    }

    public async Task<EscalationCommandResult> ResolveAsync(string by, string? reason, string actor)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        var (owner, level) = (state.State.Owner, state.State.CurrentLevel);
        if (End("resolved", by, reason) is { } ended)
        {
            Fact(ended.Step, AuditActorKind.User, AuditAction.EscalationResolved, EscalationMapping.AuditJson(new { escalationId = Id, level, owner }), AuditedNotice.AfterData(new { escalationId = Id, resolution = "resolved", reason }, ended.Notice), (actor, by));
        }

        await AdvanceAsync(changed: true);
        return new EscalationCommandResult(EscalationCommandOutcome.Applied, await ViewAsync());
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Reminder)
        {
            return Task.CompletedTask;
        }

        if (EarlyTick.CameEarly(state.State.ReminderDueAt, time.GetUtcNow()))
        {
            // Ahead of its instant, as the reminder is registered to come (ReminderCadence.Lead): held until then.
            (early ??= new EarlyTick(this, time)).HoldUntil(state.State.ReminderDueAt!.Value, () => AdvanceAsync(changed: false));
            return Task.CompletedTask;
        }

        return AdvanceAsync(changed: false);
    }

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
        var configuration = (await configurationSource.GetAsync()).Configuration;
        var runbook = RunbookOf(configuration);
        if (runbook is not null && state.State.ResolvedAt is null)
        {
            changed |= await StepAsync(runbook, configuration, now);
        }

        if (changed)
        {
            state.State.UpdatedAt = now;
            await WriteAsync();
        }

        var done = await CarryOutAsync();
        var indexed = state.State.CurrentLevel == 0 || !(changed || done) || await IndexAsync();
        var due = runbook is null ? null : RunbookProgress.NextDue(state.State.Progress, runbook);
        var reminderChanged = await ScheduleAsync(done && indexed ? due : now + ReminderCadence.Period, now);
        if (reminderChanged || outboxUnwritten || (done && (state.State.Effects.Count > 0 || !state.State.Outbox.IsEmpty)))
        {
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        outboxUnwritten = false;
    }

    /// <summary>Asks the runbook for every step due now and records them; returns whether anything changed.</summary>
    private async Task<bool> StepAsync(EscalationRunbook runbook, SlaConfiguration configuration, DateTimeOffset now)
    {
        var before = state.State.Progress;
        var ticket = RunbookProgress.RaisesLevel(before, runbook, now) ? await TicketAsync() : null;
        var decision = RunbookProgress.Step(before, runbook, configuration.Teams, ticket, now);
        state.State.Progress = decision.Progress;
        foreach (var step in decision.Steps)
        {
            var level = step.Level > 0 ? runbook.Levels[step.Level - 1] : null;
            var notice = Record(step, level);
            if (EscalationMapping.RunbookFactOf(Id, state.State, step, level, notice) is { } fact)
            {
                state.State.Outbox.Facts.Add(fact);
            }
        }

        return decision.Steps.Count > 0 || decision.Progress != before;
    }

    /// <summary>What a raise needs of the ticket; the ticket's own state settles whether it is solved, or the metric achieved, already.</summary>
    private async Task<RunbookTicket> TicketAsync()
    {
        var subject = state.State.Subject!;
        var context = await GrainFactory.GetGrain<ITicketGrain>(subject.TicketKey).GetContextAsync();
        var owner = context?.Owner ?? new TicketOwner(TicketOwnership.UnroutedTeam, null);
        var metric = context?.Metrics.FirstOrDefault(m => m.InstanceId == subject.InstanceId);
        return new RunbookTicket(new TicketAssignment(owner.Team, owner.Agent), context is { IsSolved: true }, metric?.Deadline, metric?.AchievedAt is not null);
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

    /// <summary>Delivers facts and notices, then carries out recorded actions; returns false when something must be retried.</summary>
    private async Task<bool> CarryOutAsync()
    {
        try
        {
            // Facts and notices first, so the ticket's timeline reads in order: the level raised, then what it did.
            // The emptied outbox is stored with the next write (an effect's, the reminder's, or the step's last one):
            // a crash before it delivers again, and every receiver drops repeats.
            if (!state.State.Outbox.IsEmpty)
            {
                outboxUnwritten = true;
                await state.State.Outbox.DeliverAsync(GrainFactory, this.GetStreamProvider(EventBus.ProviderName), notifier);
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
            case RunbookEffectKind.Reassign when effect.NewTicketOwner is { } owner:
                var after = await ticket.ReassignAsync(new OwnerReassignment(owner, AuditActorKind.System, RunbookProgress.Actor, effect.Key, now));
                Append(state.State.Progress.Reassigned(new TicketAssignment(after.Team, after.Agent), now));
                break;
            case RunbookEffectKind.CreateTask:
                var context = await ticket.GetContextAsync() ?? throw new InvalidOperationException($"ticket '{subject.TicketKey}' has no events");
                var taskId = await tracker.OpenAsync(new TaskOpening(effect.Key, subject.Metric, effect.EngineeringTeam, context, Id, state.State.Owner, [.. state.State.History], now));
                if (!state.State.TaskIds.Contains(taskId))
                {
                    state.State.TaskIds.Add(taskId);
                }

                Append(state.State.Progress.TaskCreated(taskId, now));
                break;
            case RunbookEffectKind.FollowOwner:
                foreach (var opened in state.State.TaskIds)
                {
                    await tracker.FollowAsync(new TaskEscalationUpdate(opened, Id, state.State.Owner, [.. state.State.History], now));
                }

                break;
        }

        // The effect leaves the list with the same write that records its step: a crash before that write repeats
        // the effect, which the ticket and the tracker drop as a repeat.
        state.State.Effects.Remove(effect);
        await WriteAsync();
    }

    /// <summary>
    /// Keeps the reminder at exactly <paramref name="due"/>, or removes it when nothing is due; returns whether it
    /// changed. It is registered <see cref="ReminderCadence.Lead"/> ahead, as a ticket's clock is: a reminder's schedule
    /// starts from when the reminder service takes the registration, and a burst of breaches raising levels queues
    /// them there. The early tick is held until <paramref name="due"/> (<see cref="ReceiveReminder"/>).
    /// </summary>
    private async Task<bool> ScheduleAsync(DateTimeOffset? due, DateTimeOffset now)
    {
        var plan = ReminderPlan.For(state.State.ReminderDueAt, due, now, keepEarlier: false);
        if (!await this.CarryOutAsync(Reminder, plan, time, ReminderCadence.Lead))
        {
            return false;
        }

        state.State.ReminderDueAt = plan.Due;
        return true;
    }

    private EscalationRunbook? RunbookOf(SlaConfiguration configuration) =>
        state.State.Subject is { } subject && configuration.Runbooks.TryGetValue(subject.RunbookId, out var runbook) ? runbook : null;

    /// <summary>Ends the escalation; returns the step and notice of one raised, null for one never raised or ended already.</summary>
    private (RunbookStep Step, EscalationNotice Notice)? End(string resolution, string by, string? detail)
    {
        var (progress, step) = state.State.Progress.End(resolution, by, detail, time.GetUtcNow());
        state.State.Progress = progress;
        return step is null ? null : (step, Record(step));
    }

    /// <summary>
    /// Appends <paramref name="step"/> to the history with its effects and queues its notice; returns the notice for
    /// the step's audit fact. <paramref name="level"/> is the runbook level a raise belongs to.
    /// </summary>
    private EscalationNotice Record(RunbookStep step, RunbookLevel? level = null)
    {
        Append(step);
        var pending = EscalationMapping.NoticeOf(Id, state.State, step, level);
        state.State.Outbox.Notices.Add(pending);
        return pending.Notice;
    }

    /// <summary>Appends <paramref name="step"/> to the history and records the effects it asks for.</summary>
    private void Append(RunbookStep step)
    {
        state.State.History.Add(new EscalationStep(step.At, step.Name, step.Level, step.Owner, step.Actor, step.Detail));
        metrics.EscalationStepped(step);
        var subject = state.State.Subject!;
        foreach (var effect in step.Effects)
        {
            var recorded = effect.Kind switch
            {
                RunbookEffectKind.Reassign => new EscalationEffect($"{Id}/L{effect.Level}/reassign", effect.Kind, effect.Level, effect.TicketOwner is { } to ? new TicketOwner(to.Team, to.Agent) : null, null),
                RunbookEffectKind.CreateTask => new EscalationEffect(EscalationIds.TaskOf(subject.TicketKey, subject.RunbookId, effect.Level), effect.Kind, effect.Level, null, effect.EngineeringTeam),

                // One pending record is enough: it sends the owner and path as they are when it is carried out.
                _ when state.State.TaskIds.Count > 0 && !state.State.Effects.Any(e => e.Kind == RunbookEffectKind.FollowOwner) =>
                    new EscalationEffect($"{Id}/follow#{state.State.History.Count}", effect.Kind, effect.Level, null, null),
                _ => null,
            };
            if (recorded is not null)
            {
                state.State.Effects.Add(recorded);
            }
        }
    }

    /// <summary>
    /// Queues the audit fact of <paramref name="step"/>. A command's fact names the authenticated principal as actor
    /// and the body's <c>by</c> beside it (<paramref name="command"/>); the engine's own steps name the step's actor.
    /// </summary>
    private void Fact(RunbookStep step, AuditActorKind kind, AuditAction action, string? before, string? after, (string Actor, string By)? command = null) =>
        state.State.Outbox.Facts.Add(EscalationMapping.FactOf(Id, state.State, step, kind, action, before, after, command));

    private async Task<EscalationView> ViewAsync() =>
        EscalationMapping.ViewOf(Id, state.State, RunbookOf((await configurationSource.GetAsync()).Configuration));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Escalation}: an action or delivery failed; a reminder retries")]
    private static partial void LogDeferred(ILogger logger, Exception exception, string escalation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Escalation}: the index refused its view; a reminder retries")]
    private static partial void LogIndexDeferred(ILogger logger, Exception exception, string escalation);
}

using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans.Streams;
using System.Text.Json;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// A ticket's events, owner and durable SLA clocks. The Domain decides; this grain stores, schedules and publishes.
/// </summary>
/// <remarks>
/// Every change follows one order: derive, record the new transitions in state (and in the outbox), write state,
/// then publish the outbox. A tick that comes twice, or a second activation after a crash, finds the transition
/// already recorded and emits nothing new; an outbox entry whose publication was cut short is published again on the
/// next activation. One reminder is kept at the engine's next wake-up, and every tick and activation reconciles:
/// each threshold whose instant has passed and was not yet emitted is emitted then. An idle ticket deactivates after
/// two minutes, and one woken only by its clock as soon as its transitions are confirmed (<see
/// cref="ReleaseWhenOnlyTicking"/>): its clocks live in its reminder and its state, not in memory, so a silo holds a
/// million open tickets without holding a million activations.
/// </remarks>
[CollectionAgeLimit(Minutes = IdleMinutes)]
public sealed partial class TicketGrain(
    [PersistentState("slaTicket", "Default")] IPersistentState<TicketState> state,
    ISlaConfigurationSource configurationSource,
    ITicketIndex index,
    IAuditTrail auditTrail,
    EventBusPressure busPressure,
    TimeProvider time,
    ILogger<TicketGrain> logger,
    SlaMetrics metrics) : Grain, ITicketGrain, IRemindable
{
    /// <summary>The one reminder a ticket keeps.</summary>
    public const string ClockReminder = "sla-clock";

    /// <summary>The actor of the entries a ticket writes to the audit trail.</summary>
    public const string AuditActor = "sla-engine";

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    private IAsyncStream<SlaTransition>? bus;
    private readonly KnownEvents known = new();
    private string? key;
    private SlaConfiguration? lastConfiguration;
    private string? lastPriority;
    private DateTimeOffset? lastCreatedAt;

    /// <summary>A reminder tick that came ahead of its instant, held until then.</summary>
    private EarlyTick? early;

    private string Key => key ??= this.GetPrimaryKeyString();

    private TicketOwner Owner => state.State.Owner ?? new TicketOwner(TicketOwnership.UnroutedTeam, null);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        bus = this.GetStreamProvider(EventBus.ProviderName)
            .GetStream<SlaTransition>(StreamId.Create(SlaTransitionTypes.StreamNamespace, this.GetPrimaryKeyString()));
        state.State.UpgradeOutbox();
        if (state.State.Unconfirmed.Count > 0)
        {
            // Published before this activation and never confirmed: the stream may have lost them with a silo.
            state.State.Outbox.Prepend(state.State.Unconfirmed.Select(u => u.Transition));
            state.State.Unconfirmed.Clear();
        }

        if (state.State.Events.Count > 0 || state.State.Outbox.Count > 0)
        {
            await ReconcileAsync(minimumConfigurationVersion: 0);
        }
    }

    public async Task<IngestOutcome> ApplyAsync(IReadOnlyList<TicketEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        servesCallers = true;
        var fresh = NewEvents(events);
        var refused = Refused(fresh);
        var accepted = fresh.Count - refused;
        if (refused == 0)
        {
            state.State.Events.AddRange(fresh);
        }
        else
        {
            LogHistoryFull(logger, Key, refused, TicketHistoryLimit.MaxEvents);
        }

        if (accepted > 0)
        {
            try
            {
                // Written (with whatever the events cause) before the caller hears back: a 202 means durable, even
                // for an event that changes no clock, owner or reminder.
                await ReconcileAsync(minimumConfigurationVersion: 0, eventsAdded: true);
            }
            catch
            {
                // The events are in this activation's memory and perhaps nowhere else: a resend must not find them
                // here and be told they are duplicates. The next call gets a fresh activation, which reads what
                // is stored.
                this.DeactivateOnIdle();
                throw;
            }
        }

        return new IngestOutcome(accepted, events.Count - accepted - refused, refused);
    }

    public async Task<TicketView?> GetAsync()
    {
        if (state.State.Events.Count == 0)
        {
            return null;
        }

        servesCallers = true;

        // Evaluated as of now: a running clock's elapsed time and state are read, not remembered.
        var evaluation = await EvaluateAsync(0);
        return new TicketView(
            Key,
            evaluation.Ticket.CreatedAt is null ? null : evaluation.Ticket.Status.ToWire(),
            evaluation.Ticket.CreatedAt is null ? null : evaluation.Ticket.Priority.ToWire(),
            evaluation.PolicyId,
            Owner,
            evaluation.Metrics.Select(TicketEventMapping.ToView).ToArray(),
            evaluation.NextWakeUp.ToDateTimeOffset(),
            state.State.ConfigurationVersion,
            state.State.Events.Count,
            state.State.Emitted
                .Select(e => new EmittedTransitionView(e.Key, e.Value.At, e.Value.EmittedAt))
                .OrderBy(e => e.EmittedAt)
                .ThenBy(e => e.TransitionId, StringComparer.Ordinal)
                .ToArray());
    }

    public Task<IReadOnlyList<TicketEventRecord>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<TicketEventRecord>>([.. state.State.Events]);

    public Task RepriceAsync(long configurationVersion) =>
        state.State.Events.Count == 0 ? Task.CompletedTask : ReconcileAsync(configurationVersion);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ClockReminder)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (EarlyTick.CameEarly(state.State.ReminderDueAt, now))
        {
            // Ahead of its instant, as the reminder is registered to come (ReminderCadence.Lead): held until then
            // (ReleaseWhenOnlyTicking keeps a ticket whose wake-up is that near).
            (early ??= new EarlyTick(this, time)).HoldUntil(state.State.ReminderDueAt!.Value, TickAsync);
            return;
        }

        await TickAsync();
    }

    private async Task TickAsync()
    {
        metrics.ReminderTicked(state.State.ReminderDueAt, time.GetUtcNow());
        await ReconcileAsync(minimumConfigurationVersion: 0, ticked: true);
        ReleaseWhenOnlyTicking();
    }

    private async Task ReconcileAsync(long minimumConfigurationVersion, bool eventsAdded = false, bool ticked = false)
    {
        try
        {
            await ReconcileOnceAsync(minimumConfigurationVersion, eventsAdded, ticked);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // This activation may now remember events or transitions its state write never stored: a resent event
            // would look like a duplicate and be acknowledged unwritten. The next call reloads the stored state, and
            // this memory is not written as it goes.
            abandoned = true;
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task ReconcileOnceAsync(long minimumConfigurationVersion, bool eventsAdded, bool ticked)
    {
        var (changed, wakeUp, indexEntry, now) = await DeriveAsync(minimumConfigurationVersion);
        var (reminderChanged, unregister) = await ScheduleAsync(wakeUp, now, ticked);

        // Not for the outbox alone: whatever it holds is stored already, either written with the change that emitted
        // it or, on activation, as the transitions published before and never confirmed, which every activation
        // publishes again. Writing them again cost a write per reminder-woken activation.
        if (eventsAdded || changed || reminderChanged)
        {
            await WriteAsync();
        }

        if (unregister)
        {
            await UnregisterClockAsync();
        }

        await PublishOutboxAsync(now);
        await FlushAuditAsync();
        await IndexAsync(indexEntry);
    }

    /// <summary>
    /// Evaluates the clocks and records what follows in state; returns whether anything was recorded, the next
    /// wake-up, the ticket's index entry and the instant all of it was judged at. The evaluation stays in here: the
    /// writes that follow wait for their batches, and a call waiting there with its whole evaluation kept that alive
    /// through the garbage collections that came meanwhile.
    /// </summary>
    private async Task<(bool Changed, DateTimeOffset? WakeUp, TicketIndexEntry IndexEntry, DateTimeOffset Now)> DeriveAsync(long minimumConfigurationVersion)
    {
        var evaluation = await EvaluateAsync(minimumConfigurationVersion);

        // Read after the evaluation (which reads the clock once the configuration is in): an instant taken before it
        // could precede the deadline the evaluation found passed, and a breach would seem emitted early.
        var now = time.GetUtcNow();
        var changed = await RecordOwnerAsync(evaluation, now)
            | RecordPlan(evaluation, now)
            | RecordPolicy(evaluation, now);

        // While a published transition waits for its confirmation, a reminder stays (one period ahead, as the clock
        // reminder's own period would) so a crash or a failed write cannot strand it.
        var wakeUp = evaluation.NextWakeUp.ToDateTimeOffset()
            ?? (state.State.Outbox.Count + state.State.Unconfirmed.Count > 0 ? now + ReminderCadence.Period : null);
        var summary = TicketSummary.Of(evaluation);
        var slaState = summary.State.ToWire();
        var urgent = TicketIndexEntry.UrgentMetric(evaluation.Metrics.Select(TicketEventMapping.ToView), slaState);
        var entry = new TicketIndexEntry(
            Key, Owner.Team, Owner.Agent, evaluation.Ticket.Status.ToWire(), slaState, summary.NextDeadline.ToDateTimeOffset(), now,
            urgent?.Metric, urgent?.Deadline, evaluation.PolicyId);
        return (changed, wakeUp, entry, now);
    }

    private async Task<TicketSlaEvaluation> EvaluateAsync(long minimumConfigurationVersion)
    {
        var configuration = await configurationSource.GetAsync(minimumConfigurationVersion);
        lastConfiguration = configuration.Configuration;
        var configurationChanged = configuration.Version != state.State.ConfigurationVersion;
        state.State.ConfigurationVersion = configuration.Version;
        var evaluation = Evaluate(configuration, Instant.FromDateTimeOffset(time.GetUtcNow()));
        lastPriority = evaluation.Ticket.Priority.ToWire();
        lastCreatedAt = evaluation.Ticket.CreatedAt?.ToDateTimeOffset();
        if (configurationChanged)
        {
            LogRepriced(logger, Key, configuration.Version);
        }

        return evaluation;
    }

    /// <summary>
    /// Carries out the Domain's <see cref="TicketOwnership.Decide"/>: drops a reassignment that no longer holds, frees
    /// or takes a slot in a team's rotation, and makes the result the owner. Returns whether the owner changed.
    /// </summary>
    private async Task<bool> RecordOwnerAsync(TicketSlaEvaluation evaluation, DateTimeOffset now)
    {
        var reassignedAt = state.State.OwnerOverride is { } reassignment ? Instant.FromDateTimeOffset(reassignment.At) : (Instant?)null;
        if (lastConfiguration is null
            || TicketOwnership.Decide(lastConfiguration, evaluation.Ticket, OrderedHistory(), reassignedAt, state.State.AgentAssignedBy) is not { } decision)
        {
            return false;
        }

        if (!decision.ReassignmentHolds)
        {
            state.State.OwnerOverride = null;
        }

        if (decision.ReleaseRotationOf is { } released)
        {
            await GrainFactory.GetGrain<ITeamAssignmentGrain>(TeamAssignmentGrain.KeyPrefix + released).ReleaseAsync(Key);
            state.State.AgentAssignedBy = null;
        }

        var agent = decision.Agent;
        if (decision.AskRotation)
        {
            agent = await GrainFactory.GetGrain<ITeamAssignmentGrain>(TeamAssignmentGrain.KeyPrefix + decision.Team).AssignAsync(Key);
            state.State.AgentAssignedBy = agent is null ? null : decision.Team;
        }

        var owner = state.State.OwnerOverride?.Owner ?? new TicketOwner(decision.Team, agent);
        var latestEvent = state.State.Events.Count == 0 ? null : state.State.Events.MaxBy(e => e.Time)!.Id;
        return ChangeOwner(owner, now, AuditActorKind.System, AuditActor, latestEvent);
    }

    /// <summary>Makes <paramref name="owner"/> the owner, queueing <c>ticket.owner_changed</c> and its audit entry; returns whether it changed.</summary>
    private bool ChangeOwner(TicketOwner owner, DateTimeOffset now, AuditActorKind actorKind, string actor, string? causedBy)
    {
        var previous = state.State.Owner;
        if (previous == owner)
        {
            return false;
        }

        state.State.Owner = owner;
        var transitionKey = TransitionKey.Next(TicketTransitionKind.OwnerChanged, state.State.Emitted.Keys);
        state.State.Emitted[transitionKey] = new EmittedTransition(now, now, state.State.ConfigurationVersion);
        state.State.Outbox.Add(NewTransition(transitionKey, TicketTransitionKind.OwnerChanged, now, now, previousOwner: previous));
        Audit(now, AuditAction.OwnerChanged, Json(previous), Json(owner), causedBy, actorKind, actor);
        return true;
    }

    /// <summary>
    /// Records what <see cref="TransitionPlan.For"/> plans: the lifecycle steps, then each reached threshold with the
    /// policy its clocks ran under and, when achieved, whether on time. Returns whether anything was planned.
    /// </summary>
    private bool RecordPlan(TicketSlaEvaluation evaluation, DateTimeOffset now)
    {
        var latestEventAt = state.State.Events.Count == 0 ? default : Instant.FromDateTimeOffset(state.State.Events.Max(e => e.Time));
        var plan = TransitionPlan.For(evaluation, state.State.Emitted.Keys, state.State.LifecycleSolved, latestEventAt);
        state.State.LifecycleSolved = plan.LifecycleSolved;
        foreach (var planned in plan.Transitions)
        {
            var at = planned.At.ToDateTimeOffset();
            state.State.Emitted[planned.Key] = new EmittedTransition(now, at, state.State.ConfigurationVersion);
            if (planned.Instance is not { } instance)
            {
                state.State.Outbox.Add(NewTransition(planned.Key, planned.Kind, at, now));
                continue;
            }

            state.State.Outbox.Add(NewTransition(planned.Key, planned.Kind, at, now, instance) with { PolicyId = evaluation.PolicyId, OnTime = planned.OnTime });
            metrics.TransitionEmitted(planned.Kind, instance.Metric.ToWire(), lastPriority, Owner.Team, at, now);
            var fact = new { metric = instance.Metric.ToWire(), instance = instance.Id, at, deadline = instance.Deadline.ToDateTimeOffset(), priority = lastPriority };
            Audit(now, planned.Kind.ToAuditAction(), null, Json(fact), $"{Key}/{planned.Key}");
        }

        return plan.Transitions.Count > 0;
    }

    /// <summary>Audits the policy the clocks now run under when it changes; returns whether it did.</summary>
    private bool RecordPolicy(TicketSlaEvaluation evaluation, DateTimeOffset now)
    {
        if (evaluation.Ticket.CreatedAt is null || evaluation.PolicyId == state.State.AppliedPolicyId)
        {
            return false;
        }

        Audit(now, AuditAction.PolicyApplied, Json(state.State.AppliedPolicyId), Json(evaluation.PolicyId), $"config-v{state.State.ConfigurationVersion}");
        state.State.AppliedPolicyId = evaluation.PolicyId;
        return true;
    }

    /// <summary>A bus transition of this ticket, stamped with its current owner, priority and creation time.</summary>
    private SlaTransition NewTransition(string transitionKey, TicketTransitionKind kind, DateTimeOffset at, DateTimeOffset now, MetricInstance? instance = null, TicketOwner? previousOwner = null) =>
        new($"{Key}/{transitionKey}", kind.ToWire(), Key, instance?.Metric.ToWire(), instance?.Id, at, now, Owner, previousOwner, lastPriority, lastCreatedAt, TraceParent: SlaTracing.Current);

    private void Audit(DateTimeOffset now, AuditAction action, string? before, string? after, string? causedBy, AuditActorKind actorKind = AuditActorKind.System, string actor = AuditActor) =>
        state.State.Audit.Record(Key, new AuditFact(now, actorKind, actor, Key, action, before, after, causedBy));

    private static string? Json<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value, AuditJson);

    /// <summary>
    /// Appends the audit entries recorded in state. They are durable in the grain's state already, so a trail that
    /// is down only delays them to the next reconcile, tick or activation; it never fails an acknowledged change.
    /// </summary>
    private async Task FlushAuditAsync()
    {
        try
        {
            await state.State.Audit.FlushAsync(auditTrail);
        }
        catch (Exception ex) when (ex is not AuditConflictException and not OutOfMemoryException)
        {
            LogAuditDeferred(logger, ex, Key);
        }
    }

    /// <summary>Writes the ticket's index row when something it shows (or the live board draws) changed.</summary>
    private async Task IndexAsync(TicketIndexEntry entry)
    {
        var fingerprint = $"{entry.Team}|{entry.Agent}|{entry.Status}|{entry.SlaState}|{entry.NextDeadline:O}|{entry.Metric}|{entry.MetricDeadline:O}|{entry.PolicyId}";
        if (fingerprint != state.State.IndexedFingerprint)
        {
            await index.UpsertAsync(entry);
            state.State.IndexedFingerprint = fingerprint;
        }
    }

    /// <summary>
    /// Keeps a reminder due no later than the next wake-up; returns whether the registration changed and whether
    /// the reminder is to be removed. A pending reminder due earlier than needed is kept (it fires, finds nothing
    /// due, and moves on), so the many events that only push the wake-up later cost no reminder write; one due later
    /// than needed, or one already fired, is moved. A reminder is never removed here: with nothing left to wake up
    /// for, removal waits until the state write has succeeded (<see cref="UnregisterClockAsync"/>), since a reminder
    /// removed before a write that then fails would leave a breach unrecorded and nothing to wake the ticket again.
    /// A tick that finds nothing to wake up for removes it too, should an earlier removal have failed.
    /// </summary>
    private async Task<(bool Changed, bool Unregister)> ScheduleAsync(DateTimeOffset? wakeUp, DateTimeOffset now, bool ticked)
    {
        var plan = ReminderPlan.For(state.State.ReminderDueAt, wakeUp, now, keepEarlier: true);
        switch (plan.Kind)
        {
            case ReminderPlanKind.Keep:
                return (false, ticked && wakeUp is null && state.State.ReminderDueAt is null);
            case ReminderPlanKind.Register:
                await this.CarryOutAsync(ClockReminder, plan, time, ReminderCadence.Lead);
                break;
        }

        state.State.ReminderDueAt = plan.Due;
        return (true, plan.Kind == ReminderPlanKind.Unregister);
    }

    /// <summary>Writes state: everything in memory, the confirmations that came since the last write included.</summary>
    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        confirmationsUnwritten = false;
    }

    /// <summary>Removes the clock reminder once the state no longer needs it; a failure leaves it to the next tick.</summary>
    private async Task UnregisterClockAsync()
    {
        try
        {
            await this.UnregisterReminderAsync(ClockReminder);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReminderKept(logger, ex, Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Ticket}: audit entries kept in state, to be appended on the next reconcile")]
    private static partial void LogAuditDeferred(ILogger logger, Exception exception, string ticket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Ticket}: the clock reminder could not be removed yet; its next tick removes it")]
    private static partial void LogReminderKept(ILogger logger, Exception exception, string ticket);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Ticket} re-priced under configuration version {Version}")]
    private static partial void LogRepriced(ILogger logger, string ticket, long version);
}

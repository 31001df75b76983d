using Microsoft.Extensions.Logging;
using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// How a ticket publishes its transitions: the outbox goes onto the bus after every write, and each published
/// transition waits for its follower's confirmation, published again until it comes.
/// </summary>
public sealed partial class TicketGrain
{
    /// <summary>How long a published transition waits for its follower's confirmation before it is published again.</summary>
    public static readonly TimeSpan RedeliverAfter = TimeSpan.FromSeconds(20);

    /// <summary>The idle time after which any ticket deactivates, in minutes (its <see cref="CollectionAgeLimitAttribute"/>).</summary>
    public const double IdleMinutes = 2;

    /// <summary>
    /// How near its next wake-up must be for an activation that serves only its clock to stay: the idle time after
    /// which it would deactivate anyway.
    /// </summary>
    public static readonly TimeSpan KeptAwake = TimeSpan.FromMinutes(IdleMinutes);

    /// <summary>The most transitions one bus message carries: an outbox that grew while the bus refused it goes in runs.</summary>
    public const int PublishedTogether = 64;

    private IGrainTimer? redelivery;

    /// <summary>Whether this activation took events or reads (not only its own reminder ticks and confirmations).</summary>
    private bool servesCallers;

    /// <summary>
    /// Whether confirmations came since the last write: stored state still holds those transitions as waiting, and
    /// the next activation would publish them again.
    /// </summary>
    private bool confirmationsUnwritten;

    /// <summary>Whether a failed change left this activation's memory ahead of its stored state: never written then.</summary>
    private bool abandoned;

    /// <summary>
    /// Publishes the outbox. The transitions are durable in state already, so a bus that refuses them (full, or a
    /// silo going away) only delays them: they stay in the outbox and a reminder soon tries again. An ingest call
    /// never fails for it.
    /// </summary>
    private async Task PublishOutboxAsync(DateTimeOffset now)
    {
        if (state.State.Outbox.Count == 0 || bus is null)
        {
            return;
        }

        try
        {
            // What one change emitted goes as one message (an event's owner change beside its clocks' transitions):
            // the bus's cost is per message. Each published entry waits for its follower's confirmation in memory
            // now; the confirmation is stored with the next write or as the activation goes, and a crash before that
            // republishes it, which consumers drop as a repeat by transition id.
            await state.State.Outbox.DeliverInRunsAsync(PublishedTogether, async run =>
            {
                await bus.OnNextBatchAsync(run);
                foreach (var transition in run)
                {
                    state.State.Unconfirmed.Add(new UnconfirmedTransition(transition, now));
                    LogTransition(logger, transition.Type, transition.TicketKey, transition.InstanceId, transition.At, transition.EmittedAt);
                }
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The message, not the stack: when the bus is full every ticket in flight lands here at once, and
            // formatting thousands of stack traces was most of what an overloaded silo did.
            LogPublishDeferred(logger, Key, state.State.Outbox.Count, ex.GetType().Name, ex.Message);
            busPressure.Refused();
            var retry = ReminderPlan.For(state.State.ReminderDueAt, now + ReminderCadence.Period, now, keepEarlier: true);
            if (await this.CarryOutAsync(ClockReminder, retry, time))
            {
                state.State.ReminderDueAt = retry.Due;
            }
        }

        if (state.State.Unconfirmed.Count > 0)
        {
            redelivery ??= this.RegisterGrainTimer(RedeliverAsync, new GrainTimerCreationOptions(RedeliverAfter, RedeliverAfter) { Interleave = false });
        }
    }

    public Task ConfirmAsync(IReadOnlyList<string> transitionIds)
    {
        ArgumentNullException.ThrowIfNull(transitionIds);
        var confirmed = transitionIds.ToHashSet(StringComparer.Ordinal);
        confirmationsUnwritten |= state.State.Unconfirmed.RemoveAll(u => confirmed.Contains(u.Transition.TransitionId)) > 0;
        StopRedeliveryWhenDone();
        ReleaseWhenOnlyTicking();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Deactivates an activation that served only its own clock (a reminder tick, the confirmations of what it
    /// emitted) once nothing waits in memory and its next wake-up is further away than <see cref="KeptAwake"/>.
    /// Under a steady stream of deadlines such a ticket otherwise stays two idle minutes after each tick, and at 200
    /// deadlines a second those tens of thousands of idle activations were most of the heap the garbage collector
    /// carried from one collection to the next. An activation that took events or reads keeps its two minutes: a
    /// ticket being worked on is likely to be touched again soon.
    /// </summary>
    private void ReleaseWhenOnlyTicking()
    {
        if (!servesCallers
            && state.State.Outbox.Count == 0
            && state.State.Unconfirmed.Count == 0
            && (state.State.ReminderDueAt is not { } due || due - time.GetUtcNow() > KeptAwake))
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Stores the confirmations that came since the last write, as the activation goes. Without it every activation
    /// published again what the one before had published and seen confirmed: a reminder-woken ticket its previous
    /// tick's transitions, a ticket read by its escalation its breach, each time a bus message, a follower, an
    /// escalation, the notifier and the digest, all to be dropped as repeats. One write as the activation goes is
    /// cheaper, and a ticket busy with events writes it once for its whole stay, not once per event. Not on a silo's
    /// shutdown (whatever it skips is only published again), and a failure is only logged: the next activation
    /// publishes again, as before.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (confirmationsUnwritten
            && !abandoned
            && reason.ReasonCode != DeactivationReasonCode.ShuttingDown
            && state.State.Events.Count > 0)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogConfirmationsUnwritten(logger, Key, ex.GetType().Name, ex.Message);
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Publishes again what waited longer than <see cref="RedeliverAfter"/> for its confirmation.</summary>
    private async Task RedeliverAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = state.State.Unconfirmed.Where(u => u.PublishedAt + RedeliverAfter <= now).ToList();
        if (due.Count > 0)
        {
            state.State.Unconfirmed.RemoveAll(due.Contains);
            state.State.Outbox.AddRange(due.Select(u => u.Transition));
            await PublishOutboxAsync(now);
        }

        StopRedeliveryWhenDone();
    }

    private void StopRedeliveryWhenDone()
    {
        if (state.State.Unconfirmed.Count == 0 && state.State.Outbox.Count == 0)
        {
            redelivery?.Dispose();
            redelivery = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Ticket}: confirmations not stored as it deactivated ({Error}: {Reason}); its next activation publishes those transitions again")]
    private static partial void LogConfirmationsUnwritten(ILogger logger, string ticket, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} {Ticket} {Instance} at {At:O}, emitted {EmittedAt:O}")]
    private static partial void LogTransition(ILogger logger, string type, string ticket, string? instance, DateTimeOffset at, DateTimeOffset emittedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Ticket}: {Count} transition(s) kept in the outbox; the event bus refused them ({Error}: {Reason}), a reminder retries")]
    private static partial void LogPublishDeferred(ILogger logger, string ticket, int count, string error, string reason);
}

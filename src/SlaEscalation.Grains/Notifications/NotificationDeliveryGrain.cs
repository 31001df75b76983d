using Microsoft.Extensions.Logging;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// Delivers one notification through one channel, at most once, with retries that survive a silo restart.
/// </summary>
/// <remarks>
/// <para>
/// Accepting registers a durable reminder first, then writes the notification to state, then answers: a key
/// accepted once is never accepted again, and a repeat is a no-op whatever became of the first. Attempts run on a
/// grain timer at the instant each is due (the first at once); after each, the outcome is written before anything
/// else happens, so a delivered key is never sent again. The reminder (every
/// <see cref="DeliveryRetryPolicy.SafetyNetPeriod"/>) only matters when the timer is gone with its silo: it brings
/// the delivery back on a live silo, where activation re-arms the timer. A silo dying during an attempt, or a state
/// write failing after one, repeats that attempt: receivers drop repeats by the delivery key.
/// </para>
/// <para>
/// A failure another attempt may overcome waits <see cref="DeliveryRetryPolicy.DelayAfter"/>; a refusal, or the last
/// attempt failing, ends the delivery: it is logged as an error and recorded in the <see cref="IDeliveryFailureLog"/>
/// (retried by the reminder while the log is unavailable). The reminder goes once nothing is left to do.
/// </para>
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class NotificationDeliveryGrain(
    [PersistentState("slaNotificationDelivery", "Default")] IPersistentState<NotificationDeliveryState> state,
    NotificationChannels channels,
    IDeliveryFailureLog failureLog,
    DeliveryRetryPolicy policy,
    TimeProvider time,
    ILogger<NotificationDeliveryGrain> logger,
    SlaMetrics metrics) : Grain, INotificationDeliveryGrain, IRemindable
{
    /// <summary>The reminder a delivery keeps while anything is left to do.</summary>
    public const string SafetyNetReminder = "notification-delivery";

    /// <summary>How much of an attempt's error is kept (an exception message can be long).</summary>
    private const int MaxErrorLength = 1000;

    private IGrainTimer? timer;

    // The trace the delivery was accepted in: attempts run on a timer, outside the caller's turn and its trace.
    private string? acceptedTrace;

    private string Channel => NotificationDeliveryKey.ChannelOf(this.GetPrimaryKeyString());

    private bool HasWork => state.State.Notification is not null
        && (state.State.Progress == DeliveryProgress.Pending
            || (state.State.Progress == DeliveryProgress.Failed && !state.State.FailureRecorded));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Progress == DeliveryProgress.Pending && state.State.NextAttemptAt is { } due)
        {
            ArmTimer(due);
        }

        return Task.CompletedTask;
    }

    public async Task<bool> AcceptAsync(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (state.State.Notification is not null)
        {
            return false;
        }

        NotificationRules.EnsureSendable(notification);
        if (!NotificationDeliveryKey.Matches(this.GetPrimaryKeyString(), notification.DeliveryKey))
        {
            throw new ArgumentException(
                $"delivery grain {this.GetPrimaryKeyString()} is not the one of delivery key '{notification.DeliveryKey}'", nameof(notification));
        }

        var now = time.GetUtcNow();
        acceptedTrace = SlaTracing.Current;
        state.State.Notification = notification;
        state.State.Progress = DeliveryProgress.Pending;
        state.State.AcceptedAt = now;
        state.State.NextAttemptAt = now;
        DeliveryOutcome? first = null;
        if (channels.Find(Channel) is { DeliversInProcess: true })
        {
            // The first attempt while accepting: delivered, the key is written once, as done, with neither reminder nor
            // timer, and the activation goes. A crash before that write leaves the caller unanswered; it sends again,
            // and the channel's receivers drop the repeat by delivery key. Not delivered, it goes the durable way below
            // with this attempt counted.
            first = await AttemptOnceAsync();
            if (state.State.Progress == DeliveryProgress.Delivered)
            {
                await WriteAsync();
                metrics.DeliveryAccepted(Channel);
                Attempted(first);
                this.DeactivateOnIdle();
                return true;
            }
        }

        await AcceptDurablyAsync();
        if (first is not null)
        {
            Attempted(first);
        }

        return true;
    }

    /// <summary>
    /// Registers the reminder, writes the accepted notification and arms the timer for its next attempt. Reminder
    /// first: a crash between the two leaves a reminder that finds no state and goes, and the caller, never answered,
    /// sends again. A registration that fails takes the activation with it, as a failed write does: its memory holds
    /// a notification storage does not, and would take the caller's repeat for a duplicate.
    /// </summary>
    private async Task AcceptDurablyAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(SafetyNetReminder, policy.SafetyNetPeriod, policy.SafetyNetPeriod);
        }
        catch
        {
            this.DeactivateOnIdle();
            throw;
        }

        await WriteAsync();
        metrics.DeliveryAccepted(Channel);
        if (state.State.Progress == DeliveryProgress.Pending)
        {
            ArmTimer(state.State.NextAttemptAt!.Value);
        }
    }

    public Task<NotificationDeliveryStatus?> GetStatusAsync()
    {
        var s = state.State;
        return Task.FromResult(s.Notification is null
            ? null
            : new NotificationDeliveryStatus(
                Channel, s.Notification.DeliveryKey, s.Progress, s.AcceptedAt, s.Attempts.ToArray(), s.NextAttemptAt, s.LastError, s.CompletedAt, s.FailureRecorded));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SafetyNetReminder ? RunAsync() : Task.CompletedTask;

    /// <summary>Does whatever is due (an attempt, recording a failure), then re-arms, or ends the delivery's reminder.</summary>
    private async Task RunAsync()
    {
        if (HasWork && state.State.Progress == DeliveryProgress.Pending && state.State.NextAttemptAt <= time.GetUtcNow())
        {
            await AttemptAsync();
        }

        if (HasWork && state.State.Progress == DeliveryProgress.Failed)
        {
            await RecordFailureAsync();
        }

        if (HasWork)
        {
            // Pending: the timer runs the next attempt. A failure not yet recorded waits for the reminder.
            if (state.State.Progress == DeliveryProgress.Pending)
            {
                ArmTimer(state.State.NextAttemptAt!.Value);
            }
        }
        else
        {
            // Done, or a reminder left by an acceptance whose write failed.
            timer?.Dispose();
            timer = null;
            var reminder = await this.GetReminder(SafetyNetReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            // Nothing will happen here again; a repeat of the key reactivates it from state.
            this.DeactivateOnIdle();
        }
    }

    private async Task AttemptAsync()
    {
        var outcome = await AttemptOnceAsync();
        await WriteAsync();
        Attempted(outcome);
    }

    /// <summary>Makes the next attempt and records its outcome in state, not yet written.</summary>
    private async Task<DeliveryOutcome> AttemptOnceAsync()
    {
        using var span = SlaTracing.Deliver(Channel, acceptedTrace);
        var notification = state.State.Notification!;
        var attempt = state.State.Attempts.Count + 1;
        var startedAt = time.GetUtcNow();
        DeliveryOutcome outcome;
        if (channels.Find(Channel) is not { } channel)
        {
            outcome = DeliveryOutcome.Rejected($"channel {Channel} is no longer configured on this silo");
        }
        else
        {
            try
            {
                outcome = await channel.DeliverAsync(notification, attempt, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcome = DeliveryOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        var now = time.GetUtcNow();
        state.State.Attempts.Add(startedAt);
        state.State.LastError = outcome.Error is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] + "..." : outcome.Error;
        if (outcome.Kind == DeliveryOutcomeKind.Delivered)
        {
            state.State.Progress = DeliveryProgress.Delivered;
            state.State.CompletedAt = now;
            state.State.NextAttemptAt = null;
        }
        else if (outcome.Kind == DeliveryOutcomeKind.Retry && attempt < policy.MaxAttempts)
        {
            state.State.NextAttemptAt = now + policy.DelayAfter(attempt, outcome.RetryAfter, Random.Shared.NextDouble());
        }
        else
        {
            state.State.Progress = DeliveryProgress.Failed;
            state.State.CompletedAt = now;
            state.State.NextAttemptAt = null;
        }

        return outcome;
    }

    /// <summary>Counts and logs an attempt whose outcome is written.</summary>
    private void Attempted(DeliveryOutcome outcome)
    {
        var notification = state.State.Notification!;
        var attempt = state.State.Attempts.Count;
        metrics.DeliveryAttempted(Channel, state.State.Progress);
        if (state.State.Progress == DeliveryProgress.Pending)
        {
            LogRetrying(logger, notification.DeliveryKey, Channel, attempt, outcome.Error, state.State.NextAttemptAt!.Value);
        }
        else if (state.State.Progress == DeliveryProgress.Failed)
        {
            LogFailedFinally(logger, notification.DeliveryKey, notification.Type, Channel, attempt, outcome.Error);
        }
    }

    private async Task RecordFailureAsync()
    {
        var s = state.State;
        var failure = new DeliveryFailure(
            s.Notification!.DeliveryKey, s.Notification.Type, s.Notification.Team, s.Notification.Subject, Channel,
            s.Attempts.Count, s.LastError ?? "failed", s.CompletedAt!.Value);
        try
        {
            await failureLog.RecordAsync(failure);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The failure stays in state; the reminder tries again.
            LogFailureNotRecorded(logger, ex, s.Notification.DeliveryKey, Channel);
            return;
        }

        s.FailureRecorded = true;
        await WriteAsync();
    }

    /// <summary>
    /// Writes state. When the write fails, the activation goes: what it holds in memory may be ahead of storage, and
    /// the next activation (a repeat, or the reminder) starts again from what storage holds.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            this.DeactivateOnIdle();
            throw;
        }
    }

    private void ArmTimer(DateTimeOffset dueAt)
    {
        var due = dueAt - time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (timer is null)
        {
            timer = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Notification {DeliveryKey} via {Channel}: attempt {Attempt} failed ({Error}); next attempt at {NextAttemptAt:o}.")]
    private static partial void LogRetrying(ILogger logger, string deliveryKey, string channel, int attempt, string? error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message =
        "Notification {DeliveryKey} ({Type}) via {Channel} failed finally after {Attempts} attempt(s): {Error}. Recorded as a failed delivery.")]
    private static partial void LogFailedFinally(ILogger logger, string deliveryKey, string type, string channel, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The failed delivery of notification {DeliveryKey} via {Channel} could not be recorded yet; it is tried again.")]
    private static partial void LogFailureNotRecorded(ILogger logger, Exception exception, string deliveryKey, string channel);
}

using Microsoft.Extensions.Logging;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>Delivery grains on a fake clock: once per key, retries at the policy's instants, final failures recorded.</summary>
[Collection(NotificationCollection.Name)]
public sealed class NotificationDeliveryTests(NotificationCluster cluster)
{
    private const string Scripted = ScriptedChannel.ChannelName;

    private const string InProcess = ScriptedChannel.InProcessName;

    [Fact]
    public async Task A_key_sent_three_times_is_delivered_once_per_channel_and_never_again_after_delivery()
    {
        var notification = NewNotification();
        var start = cluster.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.Notifier.SendAsync(notification)));
        await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Delivered);
        await UntilAsync(EventBusChannel.ChannelName, notification.DeliveryKey, DeliveryProgress.Delivered);
        await cluster.Notifier.SendAsync(notification with { DataJson = """{"changed":true}""" });
        cluster.Time.Advance(TimeSpan.FromHours(1));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal([(1, start)], cluster.Channel.AttemptsOf(notification.DeliveryKey));
        var status = await StatusAsync(Scripted, notification.DeliveryKey);
        Assert.Equal((DeliveryProgress.Delivered, 1, (DateTimeOffset?)null), (status.Progress, status.Attempts.Count, status.NextAttemptAt));
        Assert.Single((await StatusAsync(EventBusChannel.ChannelName, notification.DeliveryKey)).Attempts);
    }

    [Fact]
    public async Task Failed_attempts_are_retried_after_doubling_delays_until_delivered()
    {
        var notification = NewNotification();
        cluster.Channel.Script(notification.DeliveryKey, attempt => attempt switch
        {
            1 => DeliveryOutcome.Retry("HTTP 503"),
            2 => throw new InvalidOperationException("receiver exploded"),
            3 => DeliveryOutcome.Retry("HTTP 500"),
            _ => DeliveryOutcome.Delivered,
        });
        var start = cluster.Time.GetUtcNow();

        await cluster.Notifier.SendAsync(notification);
        await UntilAttemptsAsync(notification.DeliveryKey, 1);
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await UntilAttemptsAsync(notification.DeliveryKey, 2);
        Assert.Equal(("InvalidOperationException: receiver exploded", start.AddSeconds(3)), (second.LastError, second.NextAttemptAt));

        // Not before it is due.
        cluster.Time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, cluster.Channel.AttemptsOf(notification.DeliveryKey).Count);
        cluster.Time.Advance(TimeSpan.FromMilliseconds(1));
        await UntilAttemptsAsync(notification.DeliveryKey, 3);
        cluster.Time.Advance(TimeSpan.FromSeconds(4));
        var delivered = await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Delivered);

        DateTimeOffset[] expected = [start, start.AddSeconds(1), start.AddSeconds(3), start.AddSeconds(7)];
        Assert.Equal(expected, delivered.Attempts);
        Assert.Equal(expected.Select((at, i) => (i + 1, at)), cluster.Channel.AttemptsOf(notification.DeliveryKey));
        Assert.Equal((null, start.AddSeconds(7), false), (delivered.LastError, delivered.CompletedAt, delivered.FailureRecorded));
    }

    [Fact]
    public async Task A_receiver_s_retry_after_is_waited_for_instead_of_the_shorter_backoff()
    {
        var notification = NewNotification();
        cluster.Channel.Script(notification.DeliveryKey, attempt => attempt == 1 ? DeliveryOutcome.Retry("HTTP 429", TimeSpan.FromSeconds(30)) : DeliveryOutcome.Delivered);
        var start = cluster.Time.GetUtcNow();

        await cluster.Notifier.SendAsync(notification);
        var first = await UntilAttemptsAsync(notification.DeliveryKey, 1);
        cluster.Time.Advance(TimeSpan.FromSeconds(30));
        var delivered = await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Delivered);

        Assert.Equal(start.AddSeconds(30), first.NextAttemptAt);
        Assert.Equal([start, start.AddSeconds(30)], delivered.Attempts);
    }

    [Fact]
    public async Task A_refusal_is_final_after_one_attempt_and_recorded_once_as_a_failed_delivery()
    {
        var notification = NewNotification();
        cluster.Channel.Script(notification.DeliveryKey, _ => DeliveryOutcome.Rejected("HTTP 400"));
        var start = cluster.Time.GetUtcNow();

        await cluster.Notifier.SendAsync(notification);
        var failed = await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Failed, recorded: true);
        await cluster.Notifier.SendAsync(notification);
        cluster.Time.Advance(TimeSpan.FromMinutes(5));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300));

        Assert.Single(cluster.Channel.AttemptsOf(notification.DeliveryKey));
        Assert.Equal([start], failed.Attempts);
        Assert.Equal(
            [new DeliveryFailure(notification.DeliveryKey, notification.Type, notification.Team, notification.Subject, Scripted, 1, "HTTP 400", start)],
            await FailuresOfAsync(notification));
    }

    [Fact]
    public async Task Retries_stop_after_the_last_attempt_and_the_failure_is_recorded_with_the_last_error()
    {
        var notification = NewNotification();
        cluster.Channel.Script(notification.DeliveryKey, attempt => DeliveryOutcome.Retry($"HTTP 50{attempt}"));
        var start = cluster.Time.GetUtcNow();

        await cluster.Notifier.SendAsync(notification);
        for (var attempt = 1; attempt < NotificationClusterBase.Policy.MaxAttempts; attempt++)
        {
            var status = await UntilAttemptsAsync(notification.DeliveryKey, attempt);
            cluster.Time.SetUtcNow(status.NextAttemptAt!.Value);
        }

        var failed = await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Failed, recorded: true);

        Assert.Equal([start, start.AddSeconds(1), start.AddSeconds(3), start.AddSeconds(7)], failed.Attempts);
        Assert.Equal(
            [new DeliveryFailure(notification.DeliveryKey, notification.Type, notification.Team, notification.Subject, Scripted, 4, "HTTP 504", start.AddSeconds(7))],
            await FailuresOfAsync(notification));
        Assert.Equal(
            $"Notification {notification.DeliveryKey} ({notification.Type}) via scripted failed finally after 4 attempt(s): HTTP 504. Recorded as a failed delivery.",
            Assert.Single(cluster.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(notification.DeliveryKey, StringComparison.Ordinal)).Message);
    }

    [Fact]
    public async Task A_failure_the_log_cannot_take_yet_is_recorded_by_the_safety_net_reminder()
    {
        var notification = NewNotification();
        cluster.Channel.Script(notification.DeliveryKey, _ => DeliveryOutcome.Rejected("HTTP 410"));
        cluster.FailureLog.Down = true;
        try
        {
            await cluster.Notifier.SendAsync(notification);
            var unrecorded = await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Failed);
            await NothingMore.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300));
            Assert.False((await StatusAsync(Scripted, notification.DeliveryKey)).FailureRecorded);
            Assert.Empty(await FailuresOfAsync(notification));

            cluster.FailureLog.Down = false;
            cluster.Time.Advance(NotificationClusterBase.Policy.SafetyNetPeriod);
            await UntilAsync(Scripted, notification.DeliveryKey, DeliveryProgress.Failed, recorded: true);

            Assert.Equal("HTTP 410", Assert.Single(await FailuresOfAsync(notification)).LastError);
            Assert.Single(unrecorded.Attempts);
        }
        finally
        {
            cluster.FailureLog.Down = false;
        }
    }

    [Fact]
    public async Task A_channel_inside_the_silo_delivers_while_accepting_with_no_reminder_and_retries_durably_when_that_fails()
    {
        var delivered = NewNotification();
        var refused = NewNotification();
        cluster.InProcessChannel.Script(refused.DeliveryKey, attempt => attempt == 1 ? DeliveryOutcome.Retry("bus full") : DeliveryOutcome.Delivered);
        var start = cluster.Time.GetUtcNow();

        // Delivered while accepting, and no reminder registered for it (the scripted channel outside the silo had one).
        await cluster.Notifier.SendAsync(delivered);
        var status = await UntilAsync(InProcess, delivered.DeliveryKey, DeliveryProgress.Delivered);
        Assert.Equal([(1, start)], cluster.InProcessChannel.AttemptsOf(delivered.DeliveryKey));
        Assert.Equal((1, (DateTimeOffset?)start), (status.Attempts.Count, status.CompletedAt));
        await UntilAsync(Scripted, delivered.DeliveryKey, DeliveryProgress.Delivered);
        Assert.Equal((0, 1), (RegistrationsOf(InProcess, delivered), RegistrationsOf(Scripted, delivered)));

        // A repeat is still a repeat: not attempted again.
        await cluster.Notifier.SendAsync(delivered);
        Assert.Single(cluster.InProcessChannel.AttemptsOf(delivered.DeliveryKey));

        // A first attempt that fails goes the durable way: the reminder is kept and the next attempt comes on time.
        await cluster.Notifier.SendAsync(refused);
        var pending = await StatusAsync(InProcess, refused.DeliveryKey);
        Assert.Equal((DeliveryProgress.Pending, 1, "bus full", (DateTimeOffset?)start.AddSeconds(1)), (pending.Progress, pending.Attempts.Count, pending.LastError, pending.NextAttemptAt));
        Assert.Equal(1, RegistrationsOf(InProcess, refused));
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var retried = await UntilAsync(InProcess, refused.DeliveryKey, DeliveryProgress.Delivered);
        Assert.Equal([start, start.AddSeconds(1)], retried.Attempts);
    }

    private int RegistrationsOf(string channel, Notification notification) =>
        cluster.ReminderRegistrations.Of(cluster.Delivery(channel, notification.DeliveryKey).GetGrainId());

    private static Notification NewNotification()
    {
        var id = Guid.NewGuid().ToString("N");
        return new Notification(
            $"esc_{id}/L2/raised", "escalation.raised", $"zendesk:{id}", new DateTimeOffset(2026, 11, 27, 8, 59, 0, TimeSpan.Zero),
            """{"metric":"first_reply"}""", Team: "team-" + id, Recipient: "user:ann");
    }

    private Task<IReadOnlyList<DeliveryFailure>> FailuresOfAsync(Notification notification) =>
        cluster.FailureLog.ListAsync(notification.Team, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    private Task<NotificationDeliveryStatus> UntilAttemptsAsync(string deliveryKey, int attempts) =>
        Eventually.ValueAsync(
            () => StatusAsync(Scripted, deliveryKey),
            s => s.Attempts.Count == attempts && (s.NextAttemptAt is not null || s.Progress != DeliveryProgress.Pending),
            TimeSpan.FromSeconds(15),
            $"attempt {attempts} of {deliveryKey}");

    private Task<NotificationDeliveryStatus> UntilAsync(string channel, string deliveryKey, DeliveryProgress progress, bool recorded = false) =>
        Eventually.ValueAsync(
            () => StatusAsync(channel, deliveryKey),
            s => s.Progress == progress && s.FailureRecorded == recorded,
            TimeSpan.FromSeconds(15),
            $"{deliveryKey} via {channel} to be {progress}");

    private async Task<NotificationDeliveryStatus> StatusAsync(string channel, string deliveryKey) =>
        await cluster.Delivery(channel, deliveryKey).GetStatusAsync()
            ?? throw new InvalidOperationException($"{deliveryKey} via {channel} was never accepted");
}

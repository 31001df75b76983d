using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>Notifications on the internal event bus, on real time (a fake clock expires stream deliveries in flight).</summary>
public sealed class EventBusNotificationTests(RealTimeNotificationCluster cluster) : IClassFixture<RealTimeNotificationCluster>
{
    [Fact]
    public async Task A_notification_sent_three_times_reaches_its_team_s_stream_once()
    {
        var team = "team-" + Guid.NewGuid().ToString("N");
        var first = new Notification("esc-1/raised", "escalation.raised", "zendesk:7", DateTimeOffset.UnixEpoch, """{"level":1}""", team, "user:ann");
        var second = first with { DeliveryKey = "esc-1/acknowledged", Type = "escalation.acknowledged", Recipient = null };

        await Task.WhenAll(cluster.Notifier.SendAsync(first), cluster.Notifier.SendAsync(first));
        await cluster.Notifier.SendAsync(second);
        await cluster.Notifier.SendAsync(first);
        var recorder = cluster.Client.GetGrain<INotificationRecorderGrain>(team);
        await Eventually.ValueAsync(recorder.GetReceivedAsync, r => r.Count >= 2, TimeSpan.FromSeconds(15), $"two notifications on {team}'s stream");

        // A moment more, so a repeat would have arrived too.
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));
        Assert.Equal([first, second], (await recorder.GetReceivedAsync()).OrderBy(n => n.DeliveryKey == second.DeliveryKey));
    }

    [Fact]
    public async Task A_notification_without_a_team_goes_to_the_no_team_stream()
    {
        var notification = new Notification("digest:" + Guid.NewGuid().ToString("N"), "digest.published", "all", DateTimeOffset.UnixEpoch, "[]");

        await cluster.Notifier.SendAsync(notification);
        var recorder = cluster.Client.GetGrain<INotificationRecorderGrain>(EventBusChannel.NoTeamStreamKey);
        var received = await Eventually.ValueAsync(
            recorder.GetReceivedAsync, r => r.Any(n => n.DeliveryKey == notification.DeliveryKey), TimeSpan.FromSeconds(15), "the notification on the no-team stream");

        Assert.Equal(notification, Assert.Single(received, n => n.DeliveryKey == notification.DeliveryKey));
    }
}

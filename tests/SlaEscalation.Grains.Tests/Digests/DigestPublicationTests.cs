using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>The cluster of the publication test: its clock starts on Saturday 2026-03-07 at noon UTC.</summary>
public sealed class PublicationCluster() : DigestCluster(new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero));

/// <summary>The schedule's reminder publishes each digest at its team's hour in its zone, once, across a DST change.</summary>
public sealed class DigestPublicationTests(PublicationCluster cluster) : IClassFixture<PublicationCluster>
{
    private static DateTimeOffset Utc(int day, int hour, int minute = 0, int second = 0) => new(2026, 3, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public async Task A_digest_hour_skipped_by_the_spring_forward_publishes_at_the_moved_instant_once_driven_by_the_reminder()
    {
        // desk-dst's hour, 02:00, does not exist in New York on 2026-03-08: Saturday's digest is due at 03:00 EDT (07:00Z).
        // desk-utc's Saturday digest is due at 06:00Z: seeing it requested shows a tick has run.
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, "desk-dst", """{"zone": "America/New_York", "digestHour": 2}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, "desk-utc", """{"zone": "UTC", "digestHour": 6}""");
        var schedule = cluster.Client.GetGrain<IDigestScheduleGrain>(IDigestScheduleGrain.Key);
        await schedule.StartAsync();
        var key = DigestNotification.DeliveryKey("desk-dst", "2026-03-07");

        // One reminder tick at 06:59 (the hourly ticks before it were skipped while the clock jumped).
        await cluster.AdvanceToAsync(Utc(8, 6, 59));
        await UntilAsync(async () => (await schedule.GetRequestedAsync()).GetValueOrDefault("desk-utc") == "2026-03-07", "desk-utc's Saturday digest requested");
        Assert.Equal("2026-03-06", (await schedule.GetRequestedAsync())["desk-dst"]);

        await cluster.AdvanceToAsync(Utc(8, 6, 59, 59));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(cluster.Notifier.Sent, n => n.DeliveryKey == key);

        await cluster.AdvanceToAsync(Utc(8, 7));
        await UntilAsync(() => Task.FromResult(cluster.Notifier.Sent.Any(n => n.DeliveryKey == key)), $"{key} sent");
        var report = await cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of("desk-dst", "2026-03-07")).GetAsync();
        Assert.Equal((Utc(8, 7), Utc(8, 7)), (report.PublishAt, report.PublishedAt!.Value));
        Assert.Equal(Utc(8, 7), Assert.Single(cluster.Notifier.Sent, n => n.DeliveryKey == key).Time);

        // Further ticks, and a second request, publish nothing again.
        await cluster.AdvanceToAsync(Utc(8, 9));
        await schedule.StartAsync();
        await cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of("desk-dst", "2026-03-07")).RequestPublicationAsync();
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));
        Assert.Single(cluster.Notifier.Sent, n => n.DeliveryKey == key);
        Assert.Equal("2026-03-07", (await schedule.GetRequestedAsync())["desk-dst"]);
    }

    private static Task UntilAsync(Func<Task<bool>> done, string because) =>
        Eventually.TrueAsync(done, TimeSpan.FromSeconds(30), because, pace: TimeSpan.FromMilliseconds(50));
}

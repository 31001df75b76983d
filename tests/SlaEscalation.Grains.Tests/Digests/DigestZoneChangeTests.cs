using System.Text.Json;
using Orleans.Core.Internal;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>The cluster of the zone change test: its clock starts on Tuesday 2026-05-05 at noon UTC.</summary>
public sealed class ZoneChangeCluster() : DigestCluster(new DateTimeOffset(2026, 5, 5, 12, 0, 0, TimeSpan.Zero));

/// <summary>A published digest keeps the window it was published with; a day not yet published follows the zone now.</summary>
public sealed class DigestZoneChangeTests(ZoneChangeCluster cluster) : IClassFixture<ZoneChangeCluster>
{
    private const string Team = "desk-moved";

    private static DateTimeOffset Utc(int day, int hour) => new(2026, 5, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_published_digest_keeps_its_window_and_content_after_the_team_changes_zone()
    {
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Team, """{"zone": "UTC", "digestHour": 6}""");
        var monday = cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(Team, "2026-05-04"));
        await monday.RequestPublicationAsync();
        var published = await Eventually.ValueAsync(
            monday.GetAsync, r => r.PublishedAt is not null, TimeSpan.FromSeconds(30), "Monday's digest published", pace: TimeSpan.FromMilliseconds(50));

        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Team, """{"zone": "Asia/Tokyo", "digestHour": 9}""");
        var read = await monday.GetAsync();
        await monday.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var reactivated = await monday.GetAsync();
        var tuesday = await cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(Team, "2026-05-05")).GetAsync();

        Assert.Equal(("UTC", Utc(4, 0), Utc(5, 0), Utc(5, 6)), (published.Zone, published.From, published.To, published.PublishAt));
        Assert.Equal(JsonSerializer.Serialize(published), JsonSerializer.Serialize(read));
        Assert.Equal(JsonSerializer.Serialize(published), JsonSerializer.Serialize(reactivated));
        Assert.Equal(
            ("Asia/Tokyo", Utc(4, 15), Utc(5, 15), Utc(6, 0), (DateTimeOffset?)null),
            (tuesday.Zone, tuesday.From, tuesday.To, tuesday.PublishAt, tuesday.PublishedAt));
    }
}

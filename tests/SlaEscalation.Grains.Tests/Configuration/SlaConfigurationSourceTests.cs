using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>The per-silo cache ticket grains read the configuration through.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class SlaConfigurationSourceTests(ConfigurationCluster cluster)
{
    private const string Berlin = """{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","18:00"]]}}""";

    [Fact]
    public async Task The_source_serves_its_copy_for_a_second_asks_again_after_and_at_once_for_a_newer_version()
    {
        // The only test that uses the real key, through the source, as the silo does.
        var time = new FakeTimeProvider(ConfigurationCluster.Start);
        using var source = new SlaConfigurationSource(cluster.Grains, time);
        var store = cluster.Grains.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);

        var empty = await source.GetAsync();
        var applied = await store.ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Calendar, "berlin", Berlin, "alice", null));
        var cached = await source.GetAsync();
        var asked = await source.GetAsync(applied.Version);
        time.Advance(SlaConfigurationSource.FreshFor);
        var confirmed = await source.GetAsync();

        Assert.Equal(0, empty.Version);
        Assert.Same(Domain.Configuration.SlaConfiguration.Empty, empty.Configuration);
        Assert.Equal([CalendarDefinition.AlwaysOpenId], empty.Configuration.Calendars.Keys);
        Assert.Same(empty, cached);
        Assert.Equal(1, asked.Version);
        Assert.Equal(["24x7", "berlin"], asked.Configuration.Calendars.Keys.Order(StringComparer.Ordinal));

        // Unchanged version: the copy is confirmed, not parsed again.
        Assert.Same(asked, confirmed);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests;

/// <summary>References made with the types resolved once are the references Orleans makes itself.</summary>
public sealed class GrainReferencesTests : IAsyncLifetime
{
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddSlaEventBus();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    [Fact]
    public void Each_interface_gets_the_grain_id_and_interface_that_GetGrain_gives()
    {
        var silo = cluster.Silos[0].ServiceProvider;
        var references = silo.GetRequiredService<GrainReferences>();
        var grains = silo.GetRequiredService<IGrainFactory>();

        foreach (var key in (string[])["zd:1", "zd:2", "zd:1"])
        {
            Same(grains.GetGrain<ITicketGrain>(key), references.For<ITicketGrain>(key));
            Same(grains.GetGrain<IEscalationGrain>(key), references.For<IEscalationGrain>(key));
            Same(grains.GetGrain<IDigestAggregatorGrain>(key), references.For<IDigestAggregatorGrain>(key));
        }

        Assert.Throws<ArgumentException>(() => references.For<ITicketGrain>(" "));
    }

    private static void Same(IAddressable expected, IAddressable actual)
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();
}

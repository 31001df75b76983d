using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains;

/// <summary>The internal event bus: an Orleans stream provider every silo registers under this name.</summary>
public static class EventBus
{
    public const string ProviderName = "EventBus";

    /// <summary>
    /// Registers the bus. Subscriptions are implicit only (consumers declare them on their grain classes): an
    /// explicit pub-sub would give every ticket's stream a rendezvous grain with a state row of its own, which
    /// cost memory and a write per ticket.
    /// </summary>
    public static ISiloBuilder AddSlaEventBus(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<EventBusPressure>();
        silo.Services.AddSingleton<GrainReferences>();
        silo.Services.AddMetrics().TryAddSingleton<SlaMetrics>();
        return silo.AddMemoryStreams(ProviderName, streams => streams.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly));
    }
}

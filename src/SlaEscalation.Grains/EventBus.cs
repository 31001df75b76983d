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
    /// cost memory and a write per ticket. <paramref name="retention"/> (tests shorten it) defaults to
    /// <see cref="EventBusRetention.Default"/>.
    /// </summary>
    public static ISiloBuilder AddSlaEventBus(this ISiloBuilder silo, EventBusRetention? retention = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        retention ??= EventBusRetention.Default;
        retention.Validate();
        silo.Services.AddSingleton<EventBusPressure>();
        silo.Services.AddSingleton<GrainReferences>();
        silo.Services.AddMetrics().TryAddSingleton<SlaMetrics>();
        return silo.AddMemoryStreams(ProviderName, streams =>
        {
            streams.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(options =>
            {
                options.StreamInactivityPeriod = retention.StreamForgottenAfter;
                options.MaxEventDeliveryTime = retention.DeliveryRetriedFor;
            }));
            streams.ConfigureCacheEviction(cache => cache.Configure(options =>
            {
                options.DataMinTimeInCache = retention.MessagesKeptFor;
                options.DataMaxAgeInCache = retention.MessagesKeptFor;
            }));
        });
    }
}

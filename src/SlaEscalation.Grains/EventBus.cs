using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains;

/// <summary>The internal event bus: an Orleans stream provider every silo registers under this name.</summary>
public static class EventBus
{
    public const string ProviderName = "EventBus";

    /// <summary>
    /// How long a ticket's stream stays registered in its pulling agent after its last transition (Orleans' default:
    /// 30 minutes). Every ticket has a stream of its own, so the default kept one registration, its cursor and its
    /// consumer's handshake state per ticket touched in the last half hour, active or not. Five minutes outlasts a
    /// ticket's and its follower's idle time, and stays under the cache's purge memory (10 minutes): a stream quiet
    /// for longer is registered again with a handshake, never left with an idle cursor whose position the cache has
    /// forgotten.
    /// </summary>
    public static readonly TimeSpan StreamForgottenAfter = TimeSpan.FromMinutes(5);

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
        return silo.AddMemoryStreams(ProviderName, streams =>
        {
            streams.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.StreamInactivityPeriod = StreamForgottenAfter));
        });
    }
}

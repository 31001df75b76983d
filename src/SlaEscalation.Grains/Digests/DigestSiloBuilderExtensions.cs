using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Digests;

/// <summary>Registers the daily digest on a silo.</summary>
public static class DigestSiloBuilderExtensions
{
    /// <summary>
    /// Enables digests: the feed that counts the bus's facts, what measures a team's day, the in-memory ledger unless a durable
    /// <see cref="IDigestLedger"/> is registered already, and the start of the digest schedule once the silo is
    /// active. A silo without notification delivery publishes to a notifier that sends nothing and lists no failed
    /// deliveries. The bus subscribers and aggregators need the ticket index, the audit trail and the SLA
    /// configuration the silo has anyway.
    /// </summary>
    public static ISiloBuilder AddSlaDigests(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.TryAddSingleton<IDigestLedger, InMemoryDigestLedger>();
        silo.Services.AddSingleton<IDigestFeed, DigestFeed>();
        silo.Services.AddSingleton<DigestMeasurer>();
        silo.Services.TryAddSingleton(new RecountSlots(RecountSlots.DefaultLimit));
        silo.Services.TryAddSingleton<INotifier, SilentNotifier>();
        silo.Services.TryAddSingleton<IDeliveryFailureLog, InMemoryDeliveryFailureLog>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DigestScheduleStarter>();
        return silo;
    }
}

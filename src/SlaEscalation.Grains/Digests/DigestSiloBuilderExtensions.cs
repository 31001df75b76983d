using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SlaEscalation.Grains.Digests;

/// <summary>Registers the daily digest on a silo.</summary>
public static class DigestSiloBuilderExtensions
{
    /// <summary>
    /// Enables digests: the in-memory ledger unless a durable <see cref="IDigestLedger"/> is registered already, and
    /// the start of the digest schedule once the silo is active. The bus subscribers and aggregators need the
    /// ticket index, the audit trail and the SLA configuration the silo has anyway.
    /// </summary>
    public static ISiloBuilder AddSlaDigests(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.TryAddSingleton<IDigestLedger, InMemoryDigestLedger>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DigestScheduleStarter>();
        return silo;
    }
}

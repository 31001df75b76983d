using System.Reflection;

namespace SlaEscalation.Grains.Operations;

/// <summary>
/// Tells which silo's reminder service owns a grain's reminders. Orleans 10.4.2 keeps its consistent ring
/// internal, so this operator diagnostic reaches it by reflection and answers null if that shape ever changes.
/// Nothing on the SLA path depends on it.
/// </summary>
public sealed class ReminderRing
{
    private readonly object? ring;
    private readonly MethodInfo? primaryTarget;

    public ReminderRing(IServiceProvider services)
    {
        var ringType = typeof(ISiloStatusOracle).Assembly
            .GetType("Orleans.Runtime.ConsistentRing.IConsistentRingProvider", throwOnError: false);
        primaryTarget = ringType?.GetMethod("GetPrimaryTargetSilo", [typeof(uint)]);
        ring = ringType is null ? null : services.GetService(ringType);
    }

    /// <summary>The silo owning <paramref name="grainId"/>'s reminders, or null when it cannot be told.</summary>
    public SiloAddress? OwnerOf(GrainId grainId) =>
        ring is null || primaryTarget is null
            ? null
            : primaryTarget.Invoke(ring, [grainId.GetUniformHashCode()]) as SiloAddress;
}

using System.Reflection;

namespace SlaEscalation.Grains.Operations;

/// <summary>
/// Tells which silo's reminder service owns a grain's reminders. Orleans 10.4.2 keeps its consistent ring
/// internal, so this operator diagnostic reaches it by reflection and answers null if that shape ever changes.
/// Nothing on the SLA path depends on it.
/// </summary>
public sealed class ReminderRing
{
    /// <summary>The internal ring's service type, or null when Orleans no longer has it.</summary>
    internal static readonly Type? RingType = typeof(ISiloStatusOracle).Assembly
        .GetType("Orleans.Runtime.ConsistentRing.IConsistentRingProvider", throwOnError: false);

    private static readonly MethodInfo? PrimaryTarget = RingType?.GetMethod("GetPrimaryTargetSilo", [typeof(uint)]);

    private readonly object? ring;

    /// <summary>Over the silo's <paramref name="ring"/> (an instance of <see cref="RingType"/>), or null without one.</summary>
    internal ReminderRing(object? ring) => this.ring = ring;

    /// <summary>The silo owning <paramref name="grainId"/>'s reminders, or null when it cannot be told.</summary>
    public SiloAddress? OwnerOf(GrainId grainId) =>
        ring is null || PrimaryTarget is null
            ? null
            : PrimaryTarget.Invoke(ring, [grainId.GetUniformHashCode()]) as SiloAddress;
}

namespace SlaEscalation.Contracts.Operations;

/// <summary>What a clock probe knows about its reminder.</summary>
/// <param name="ProbeId">The probe's key.</param>
/// <param name="DueAt">When the reminder is due; null when never armed.</param>
/// <param name="FiredAt">When the reminder was delivered; null until then.</param>
/// <param name="FiredOnSilo">The silo whose activation received the tick.</param>
/// <param name="ReminderOwnerSilo">The silo whose reminder service owns the probe's reminder now.</param>
/// <param name="Ticks">How many reminder ticks the probe has received (more than one means a repeat).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Operations.ClockProbeStatus")]
public sealed record ClockProbeStatus(
    [property: Id(0)] string ProbeId,
    [property: Id(1)] DateTimeOffset? DueAt,
    [property: Id(2)] DateTimeOffset? FiredAt,
    [property: Id(3)] string? FiredOnSilo,
    [property: Id(4)] string? ReminderOwnerSilo,
    [property: Id(5)] int Ticks)
{
    /// <summary>How late the reminder fired after its due time.</summary>
    public TimeSpan? Lateness => FiredAt - DueAt;
}

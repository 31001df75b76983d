namespace SlaEscalation.Grains.Operations;

/// <summary>Durable state of a clock probe.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Operations.ClockProbeState")]
public sealed class ClockProbeState
{
    [Id(0)] public DateTimeOffset? DueAt { get; set; }
    [Id(1)] public DateTimeOffset? FiredAt { get; set; }
    [Id(2)] public string? FiredOnSilo { get; set; }
    [Id(3)] public int Ticks { get; set; }
}

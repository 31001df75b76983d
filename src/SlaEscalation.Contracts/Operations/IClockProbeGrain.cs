namespace SlaEscalation.Contracts.Operations;

/// <summary>
/// A timer canary for operators: arms one durable reminder and records when, and on which silo, it fired.
/// It measures the same reminder path the SLA clocks use, so a failover drill shows real lateness.
/// </summary>
[Alias("SlaEscalation.Contracts.Operations.IClockProbeGrain")]
public interface IClockProbeGrain : IGrainWithStringKey
{
    /// <summary>Arms the probe to fire at <paramref name="dueAt"/>; arming an armed probe re-arms it.</summary>
    [Alias("Arm")]
    Task<ClockProbeStatus> ArmAsync(DateTimeOffset dueAt);

    /// <summary>The probe's state, with the silo that currently owns its reminder.</summary>
    [Alias("GetStatus")]
    Task<ClockProbeStatus> GetStatusAsync();
}

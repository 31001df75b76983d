namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// A metric instance's state as of the evaluation instant. <see cref="Breached"/> wins over
/// <see cref="Achieved"/> ("achieved late") and over <see cref="Paused"/> and <see cref="Cancelled"/>: a breach
/// that happened never un-happens.
/// </summary>
public enum MetricState
{
    Active,
    Paused,
    AtRisk,
    Breached,
    Achieved,
    Cancelled,
}

namespace SlaEscalation.Domain.Clocks;

/// <summary>The transitions a metric instance goes through, each at most once.</summary>
public enum MetricTransitionKind
{
    AtRisk,
    Breached,
    Achieved,
}

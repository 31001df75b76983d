using NodaTime;

namespace SlaEscalation.Domain.Clocks;

/// <summary>A transition that has happened, and when.</summary>
public sealed record MetricTransition(MetricTransitionKind Kind, Instant At);

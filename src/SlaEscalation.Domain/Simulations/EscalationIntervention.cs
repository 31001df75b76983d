using NodaTime;

namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// What a person did to a clock's escalation, as the escalation's history recorded it: ticket history does not hold
/// it, and the replay applies it at its instant to the same clock's escalation on both sides.
/// </summary>
/// <param name="InstanceId">The clock (<c>first_reply</c>, <c>next_reply#1</c>).</param>
/// <param name="At">When it was done.</param>
/// <param name="Kind">What was done.</param>
public sealed record EscalationIntervention(string InstanceId, Instant At, EscalationInterventionKind Kind);

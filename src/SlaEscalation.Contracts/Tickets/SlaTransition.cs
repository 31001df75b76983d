namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// A transition a ticket emits on the internal event bus: <c>sla.at_risk</c>, <c>sla.breached</c>,
/// <c>sla.achieved</c> or <c>ticket.owner_changed</c>. <see cref="TransitionId"/> is stable, so consumers drop repeats.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.SlaTransition")]
public sealed record SlaTransition(
    [property: Id(0)] string TransitionId,
    [property: Id(1)] string Type,
    [property: Id(2)] string TicketKey,
    [property: Id(3)] string? Metric,
    [property: Id(4)] string? InstanceId,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] DateTimeOffset EmittedAt,
    [property: Id(7)] TicketOwner Owner,
    [property: Id(8)] TicketOwner? PreviousOwner = null);

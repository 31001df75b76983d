namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// A transition a ticket emits on the internal event bus: <c>sla.at_risk</c>, <c>sla.breached</c>,
/// <c>sla.achieved</c>, <c>ticket.owner_changed</c>, and the lifecycle steps <c>ticket.created</c>,
/// <c>ticket.solved</c> and <c>ticket.reopened</c>. <see cref="TransitionId"/> is stable, so consumers drop repeats.
/// </summary>
/// <param name="TransitionId">Stable id: the ticket key, then the metric instance and threshold, or the step and its count.</param>
/// <param name="Type">The transition type (<see cref="SlaTransitionTypes"/>).</param>
/// <param name="TicketKey">The ticket.</param>
/// <param name="Metric">The metric (wire name) of an SLA transition; null otherwise.</param>
/// <param name="InstanceId">The metric instance of an SLA transition; null otherwise.</param>
/// <param name="At">The instant the transition marks (a threshold, or the event that caused it).</param>
/// <param name="EmittedAt">When the ticket emitted it.</param>
/// <param name="Owner">The ticket's owner when it was emitted.</param>
/// <param name="PreviousOwner">The owner before, for <c>ticket.owner_changed</c>.</param>
/// <param name="Priority">The ticket's priority (wire name) when the transition was emitted.</param>
/// <param name="TicketCreatedAt">When the ticket was created at its source, so consumers can age the backlog.</param>
/// <param name="PolicyId">The policy the ticket's clocks ran under when it emitted an SLA transition; null for the others.</param>
/// <param name="OnTime">For <c>sla.achieved</c>: whether the instance was achieved without breaching first; null for the others.</param>
/// <param name="TraceParent">The W3C trace context the transition was emitted in, so its consumers continue that trace; null outside one.</param>
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
    [property: Id(8)] TicketOwner? PreviousOwner = null,
    [property: Id(9)] string? Priority = null,
    [property: Id(10)] DateTimeOffset? TicketCreatedAt = null,
    [property: Id(11)] string? PolicyId = null,
    [property: Id(12)] bool? OnTime = null,
    [property: Id(13)] string? TraceParent = null);

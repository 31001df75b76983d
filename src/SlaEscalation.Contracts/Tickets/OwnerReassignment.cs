using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// An explicit change of a ticket's owner made outside the helpdesk, such as an escalation level that reassigns. It
/// holds until the helpdesk moves the ticket itself (a later event that sets team or assignee) or the ticket is
/// solved.
/// </summary>
/// <param name="Owner">The new owner.</param>
/// <param name="ActorKind">Who made the change.</param>
/// <param name="Actor">The actor's name, e.g. <c>escalation</c> or an API key's name.</param>
/// <param name="CausedBy">The id of what caused it (an escalation step); a repeat with the same id changes nothing.</param>
/// <param name="At">When it was made.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.OwnerReassignment")]
public sealed record OwnerReassignment(
    [property: Id(0)] TicketOwner Owner,
    [property: Id(1)] AuditActorKind ActorKind,
    [property: Id(2)] string Actor,
    [property: Id(3)] string CausedBy,
    [property: Id(4)] DateTimeOffset At);

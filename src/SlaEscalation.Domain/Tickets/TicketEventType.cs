namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// The canonical event types (<c>ticket.created</c>, <c>ticket.updated</c>, <c>ticket.comment_added</c>).
/// The declaration order is the tie-break for events with equal times: a ticket is created before it is
/// updated, and its fields are updated before a comment at the same instant is read.
/// </summary>
public enum TicketEventType
{
    Created,
    Updated,
    CommentAdded,
}

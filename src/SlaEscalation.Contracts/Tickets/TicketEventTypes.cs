namespace SlaEscalation.Contracts.Tickets;

/// <summary>The event types the gateway accepts (CloudEvents <c>type</c>).</summary>
public static class TicketEventTypes
{
    public const string Created = "ticket.created";
    public const string Updated = "ticket.updated";
    public const string CommentAdded = "ticket.comment_added";

    public static IReadOnlyList<string> All { get; } = [Created, Updated, CommentAdded];
}

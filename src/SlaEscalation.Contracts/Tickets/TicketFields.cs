namespace SlaEscalation.Contracts.Tickets;

/// <summary>Ticket fields an event sets; null leaves a field unchanged. Values are the wire names of docs/tickets.md.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.TicketFields")]
public sealed record TicketFields(
    [property: Id(0)] string? Subject = null,
    [property: Id(1)] string? Requester = null,
    [property: Id(2)] string? Organization = null,
    [property: Id(3)] string? CustomerTier = null,
    [property: Id(4)] string? Priority = null,
    [property: Id(5)] string? Channel = null,
    [property: Id(6)] IReadOnlyList<string>? Tags = null,
    [property: Id(7)] string? Team = null,
    [property: Id(8)] string? Assignee = null,
    [property: Id(9)] string? Status = null)
{
    public static TicketFields None { get; } = new();
}

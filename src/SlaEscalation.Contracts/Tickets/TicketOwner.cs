namespace SlaEscalation.Contracts.Tickets;

/// <summary>Who owns a ticket: always a team (its queue), and an agent when one is assigned.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.TicketOwner")]
public sealed record TicketOwner([property: Id(0)] string Team, [property: Id(1)] string? Agent);

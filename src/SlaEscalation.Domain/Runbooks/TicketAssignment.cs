namespace SlaEscalation.Domain.Runbooks;

/// <summary>Who owns a ticket: always a team (its queue), and an agent when one is assigned.</summary>
public sealed record TicketAssignment(string Team, string? Agent);

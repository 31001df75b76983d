namespace SlaEscalation.Domain.Runbooks;

/// <summary>A raised level's owner made concrete.</summary>
/// <param name="Owner">Who owns the escalation: <c>user:&lt;id&gt;</c>, or <c>team:&lt;id&gt;</c> when the team names nobody.</param>
/// <param name="TicketOwner">Who the ticket goes to when the level reassigns it.</param>
public sealed record LevelOwnership(string Owner, TicketAssignment TicketOwner);

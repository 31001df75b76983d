namespace SlaEscalation.Domain.Runbooks;

/// <summary>What a level's raise needs to know of its ticket.</summary>
/// <param name="Owner">The ticket's owner now (the queue of unrouted tickets when the ticket is unknown).</param>
/// <param name="IsSolved">Whether the ticket is solved (its solved transition may still be on its way).</param>
/// <param name="Deadline">The escalated metric's deadline as the ticket knows it; null when it has none.</param>
/// <param name="IsAchieved">
/// Whether the escalated metric is achieved already (its achieved transition may still be on its way): a reply that
/// came in before the level fell due, or a breach learned only after it was over (history sent late, a catch-up).
/// </param>
public sealed record RunbookTicket(TicketAssignment Owner, bool IsSolved, DateTimeOffset? Deadline, bool IsAchieved);

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// What the ticket list shows of a ticket. <see cref="SlaState"/> summarises its clocks now: <c>breached</c> (a
/// breached clock not yet achieved), <c>at_risk</c>, <c>active</c>, <c>paused</c>, <c>none</c>, or <c>solved</c>.
/// </summary>
public sealed record TicketIndexEntry(
    string Key,
    string Team,
    string? Agent,
    string Status,
    string SlaState,
    DateTimeOffset? NextDeadline,
    DateTimeOffset UpdatedAt);

namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// A ticket's status category; wire names are <c>new|open|pending|on_hold|solved|closed</c>.
/// Helpdesks' custom statuses are mapped onto one of these by the adapters.
/// </summary>
public enum TicketStatus
{
    New,
    Open,
    Pending,
    OnHold,
    Solved,
    Closed,
}

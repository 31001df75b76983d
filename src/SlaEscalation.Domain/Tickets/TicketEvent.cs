using NodaTime;

namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// One canonical ticket event. <see cref="Source"/> and <see cref="Id"/> identify it (a repeat is a duplicate);
/// <see cref="Time"/> is when it happened at the source, and all SLA math uses it, never arrival time.
/// </summary>
public sealed record TicketEvent(
    string Source,
    string Id,
    Instant Time,
    TicketEventType Type,
    TicketChanges Changes,
    CommentInfo? Comment);

namespace SlaEscalation.Grains.Digests;

/// <summary>An open ticket as a measurement sees it: its ticket index row joined with its digest note.</summary>
public sealed record DigestOpenTicket(
    string TicketKey,
    string? Agent,
    string SlaState,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UnassignedSince);

using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>A filter across chains; every filter given must match.</summary>
/// <param name="TicketKey">Only entries about this ticket.</param>
/// <param name="From">Only entries at or after this instant.</param>
/// <param name="To">Only entries before this instant.</param>
/// <param name="Actor">Only entries by this actor name.</param>
/// <param name="Action">Only entries of this action.</param>
/// <param name="After">Only entries after this position (the previous page's <see cref="AuditPage.Next"/>).</param>
/// <param name="Limit">At most this many entries.</param>
public sealed record AuditQuery(
    string? TicketKey = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Actor = null,
    AuditAction? Action = null,
    AuditCursor? After = null,
    int Limit = 100)
{
    /// <summary>Whether <paramref name="entry"/> passes every filter (not the cursor).</summary>
    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (TicketKey is null || entry.TicketKey == TicketKey)
            && (From is null || entry.At >= From)
            && (To is null || entry.At < To)
            && (Actor is null || entry.Actor == Actor)
            && (Action is null || entry.Action == Action);
    }
}

using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Connections;

/// <summary>
/// A named instance of a helpdesk (<c>zendesk-eu</c>) and how its values become ours. Vendor values are looked up
/// as given, then without regard to case; a value no map names falls back to a documented default and is never an
/// error, because a helpdesk admin can add a priority or a group at any time and the webhook must keep working.
/// </summary>
/// <param name="Id">The connection's name: the last segment of its adapter URL and the source of its ticket keys.</param>
/// <param name="Kind">The helpdesk it receives webhooks from.</param>
/// <param name="Priorities">Vendor priority -> ours (<c>low</c>, <c>normal</c>, <c>high</c>, <c>urgent</c>).</param>
/// <param name="Statuses">Vendor status, custom status id or status category -> ours (<c>new</c> ... <c>closed</c>).</param>
/// <param name="Teams">Vendor group or team id -> our team id.</param>
/// <param name="Agents">Vendor user id -> our agent id.</param>
/// <param name="DefaultPriority">What an unmapped priority becomes.</param>
/// <param name="DefaultStatus">What an unmapped status becomes.</param>
public sealed record HelpdeskConnection(
    string Id,
    ConnectionKind Kind,
    IReadOnlyDictionary<string, string> Priorities,
    IReadOnlyDictionary<string, string> Statuses,
    IReadOnlyDictionary<string, string> Teams,
    IReadOnlyDictionary<string, string> Agents,
    string DefaultPriority = "normal",
    string DefaultStatus = "open")
{
    /// <summary>Longest connection id: it prefixes every ticket key (at most 140 characters) and names a setting.</summary>
    public const int MaxIdLength = 40;

    /// <summary>A connection of <paramref name="kind"/> with no maps: every value takes its built-in meaning or default.</summary>
    public static HelpdeskConnection Plain(string id, ConnectionKind kind) => new(id, kind, Empty, Empty, Empty, Empty);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The ticket key of a vendor ticket: <c>{connection}:{vendor ticket id}</c>, so two accounts never collide.</summary>
    public string TicketKey(string vendorTicketId) => $"{Id}:{vendorTicketId}";

    /// <summary>Our priority for a vendor priority: the map, else our own word, else <see cref="DefaultPriority"/>.</summary>
    public string Priority(string vendorPriority)
    {
        ArgumentNullException.ThrowIfNull(vendorPriority);
        return Lookup(Priorities, vendorPriority)
            ?? (TicketWire.TryParsePriority(vendorPriority.ToLowerInvariant(), out _) ? vendorPriority.ToLowerInvariant() : DefaultPriority);
    }

    /// <summary>
    /// Our status for a vendor status: the map, else our own word (<c>hold</c> reads as <c>on_hold</c>), else
    /// <see cref="DefaultStatus"/>.
    /// </summary>
    public string Status(string vendorStatus)
    {
        ArgumentNullException.ThrowIfNull(vendorStatus);
        var word = vendorStatus.ToLowerInvariant() is "hold" ? "on_hold" : vendorStatus.ToLowerInvariant();
        return Lookup(Statuses, vendorStatus) ?? (TicketWire.TryParseStatus(word, out _) ? word : DefaultStatus);
    }

    /// <summary>A priority the map names explicitly, or null: lets an adapter apply its vendor's own words next.</summary>
    public string? MappedPriority(string vendorPriority) => Lookup(Priorities, vendorPriority);

    /// <summary>A status the map names explicitly (a custom status id), or null.</summary>
    public string? MappedStatus(string vendorStatus) => Lookup(Statuses, vendorStatus);

    /// <summary>Our team for a vendor group; null when unmapped, so routing rules (else <c>unrouted</c>) decide.</summary>
    public string? Team(string vendorGroup) => Named(Lookup(Teams, vendorGroup));

    /// <summary>Our agent for a vendor user; null when unmapped, so the team's assignment strategy decides.</summary>
    public string? Agent(string vendorUser) => Named(Lookup(Agents, vendorUser));

    // A blank mapping names nobody: the ticket keeps its owner as if the vendor had sent no one (an event refuses a blank one).
    private static string? Named(string? mapped) => string.IsNullOrWhiteSpace(mapped) ? null : mapped;

    private static string? Lookup(IReadOnlyDictionary<string, string> map, string key)
    {
        if (map.TryGetValue(key, out var value))
        {
            return value;
        }

        foreach (var (name, mapped) in map)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return mapped;
            }
        }

        return null;
    }
}

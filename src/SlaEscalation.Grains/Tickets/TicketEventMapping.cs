using NodaTime;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>Maps between the records that cross grains and the Domain's types.</summary>
public static class TicketEventMapping
{
    /// <summary>
    /// The Domain event for a stored record. Records were validated by the gateway before they were stored, so a
    /// wire name that no longer parses is a bug, not bad input.
    /// </summary>
    public static TicketEvent ToDomain(TicketEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!TicketWire.TryParseEventType(record.Type, out var type))
        {
            throw new InvalidOperationException($"stored event {record.Source}/{record.Id} has unknown type '{record.Type}'");
        }

        var fields = record.Fields;
        var changes = new TicketChanges
        {
            Subject = fields.Subject,
            Requester = fields.Requester,
            Organization = fields.Organization,
            CustomerTier = fields.CustomerTier,
            Priority = TicketWire.TryParsePriority(fields.Priority, out var priority) ? priority : null,
            Channel = fields.Channel,
            Tags = fields.Tags,
            Team = fields.Team,
            Assignee = fields.Assignee,
            Status = TicketWire.TryParseStatus(fields.Status, out var status) ? status : null,
        };
        var comment = type == TicketEventType.CommentAdded && TicketWire.TryParseAuthorRole(record.AuthorRole, out var role)
            ? new CommentInfo(role, record.Public ?? false)
            : null;
        return new TicketEvent(record.Source, record.Id, Instant.FromDateTimeOffset(record.Time), type, changes, comment);
    }

    public static string ToWire(this MetricState state) => state switch
    {
        MetricState.Active => "active",
        MetricState.Paused => "paused",
        MetricState.AtRisk => "at_risk",
        MetricState.Breached => "breached",
        MetricState.Achieved => "achieved",
        MetricState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static DateTimeOffset? ToDateTimeOffset(this Instant? instant) => instant?.ToDateTimeOffset();
}

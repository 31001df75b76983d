using NodaTime;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Policies;
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

    /// <summary>The bus type of a transition the Domain planned.</summary>
    public static string ToWire(this TicketTransitionKind kind) => kind switch
    {
        TicketTransitionKind.Created => SlaTransitionTypes.TicketCreated,
        TicketTransitionKind.Solved => SlaTransitionTypes.TicketSolved,
        TicketTransitionKind.Reopened => SlaTransitionTypes.TicketReopened,
        TicketTransitionKind.OwnerChanged => SlaTransitionTypes.OwnerChanged,
        TicketTransitionKind.AtRisk => SlaTransitionTypes.AtRisk,
        TicketTransitionKind.Breached => SlaTransitionTypes.Breached,
        TicketTransitionKind.Achieved => SlaTransitionTypes.Achieved,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The audit action of a clock's threshold.</summary>
    public static AuditAction ToAuditAction(this TicketTransitionKind kind) => kind switch
    {
        TicketTransitionKind.AtRisk => AuditAction.SlaAtRisk,
        TicketTransitionKind.Breached => AuditAction.SlaBreached,
        TicketTransitionKind.Achieved => AuditAction.SlaAchieved,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A clock as the ticket's view shows it.</summary>
    public static MetricView ToView(this MetricInstance m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(
            m.Metric.ToWire(),
            m.Id,
            m.State.ToWire(),
            m.StartedAt.ToDateTimeOffset(),
            m.Deadline.ToDateTimeOffset(),
            m.AtRiskAt.ToDateTimeOffset(),
            m.BreachedAt.ToDateTimeOffset(),
            m.AchievedAt.ToDateTimeOffset(),
            m.Elapsed.ToTimeSpan());
    }

    /// <summary>A public step of the history as a ticket's context shows it; null for a private note.</summary>
    public static TicketActivity? ToActivity(TicketEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Type == TicketEventTypes.CommentAdded)
        {
            return record.Public == true
                ? new TicketActivity(record.Time, record.Type, record.AuthorRole, $"public comment by the {record.AuthorRole ?? "unknown"}")
                : null;
        }

        var fields = record.Fields;
        var changes = new[]
        {
            ("subject", fields.Subject),
            ("priority", fields.Priority),
            ("status", fields.Status),
            ("team", fields.Team),
            ("assignee", fields.Assignee),
            ("tags", fields.Tags is null ? null : string.Join(",", fields.Tags)),
        }
            .Where(c => c.Item2 is not null)
            .Select(c => $"{c.Item1}: {c.Item2}");
        var summary = string.Join("; ", changes);
        return new TicketActivity(
            record.Time,
            record.Type,
            null,
            record.Type == TicketEventTypes.Created ? $"created{(summary.Length == 0 ? "" : " (" + summary + ")")}" : summary.Length == 0 ? "updated" : summary);
    }
}

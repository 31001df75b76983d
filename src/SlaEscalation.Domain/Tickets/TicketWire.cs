using System.Diagnostics.CodeAnalysis;

namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// Wire names of the ticket enums, as adapters send them. Parsing returns false on an unknown name instead of
/// throwing, so the gateway can name the bad field in a 400 problem.
/// </summary>
public static class TicketWire
{
    public static bool TryParsePriority([NotNullWhen(true)] string? text, out Priority priority)
    {
        (var ok, priority) = text switch
        {
            "low" => (true, Priority.Low),
            "normal" => (true, Priority.Normal),
            "high" => (true, Priority.High),
            "urgent" => (true, Priority.Urgent),
            _ => (false, default),
        };
        return ok;
    }

    public static bool TryParseStatus([NotNullWhen(true)] string? text, out TicketStatus status)
    {
        (var ok, status) = text switch
        {
            "new" => (true, TicketStatus.New),
            "open" => (true, TicketStatus.Open),
            "pending" => (true, TicketStatus.Pending),
            "on_hold" => (true, TicketStatus.OnHold),
            "solved" => (true, TicketStatus.Solved),
            "closed" => (true, TicketStatus.Closed),
            _ => (false, default),
        };
        return ok;
    }

    public static bool TryParseAuthorRole([NotNullWhen(true)] string? text, out AuthorRole role)
    {
        (var ok, role) = text switch
        {
            "agent" => (true, AuthorRole.Agent),
            "requester" => (true, AuthorRole.Requester),
            "system" => (true, AuthorRole.System),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Parses <c>ticket.created|ticket.updated|ticket.comment_added</c>.</summary>
    public static bool TryParseEventType([NotNullWhen(true)] string? text, out TicketEventType type)
    {
        (var ok, type) = text switch
        {
            "ticket.created" => (true, TicketEventType.Created),
            "ticket.updated" => (true, TicketEventType.Updated),
            "ticket.comment_added" => (true, TicketEventType.CommentAdded),
            _ => (false, default),
        };
        return ok;
    }

    public static string ToWire(this Priority priority) => priority switch
    {
        Priority.Low => "low",
        Priority.Normal => "normal",
        Priority.High => "high",
        Priority.Urgent => "urgent",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    public static string ToWire(this TicketStatus status) => status switch
    {
        TicketStatus.New => "new",
        TicketStatus.Open => "open",
        TicketStatus.Pending => "pending",
        TicketStatus.OnHold => "on_hold",
        TicketStatus.Solved => "solved",
        TicketStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string ToWire(this AuthorRole role) => role switch
    {
        AuthorRole.Agent => "agent",
        AuthorRole.Requester => "requester",
        AuthorRole.System => "system",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string ToWire(this TicketEventType type) => type switch
    {
        TicketEventType.Created => "ticket.created",
        TicketEventType.Updated => "ticket.updated",
        TicketEventType.CommentAdded => "ticket.comment_added",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The ticket list's names: <c>none</c>, <c>paused</c>, <c>active</c>, <c>at_risk</c>, <c>breached</c>, <c>solved</c>.</summary>
    public static string ToWire(this TicketSummaryState state) => state switch
    {
        TicketSummaryState.None => "none",
        TicketSummaryState.Paused => "paused",
        TicketSummaryState.Active => "active",
        TicketSummaryState.AtRisk => "at_risk",
        TicketSummaryState.Breached => "breached",
        TicketSummaryState.Solved => "solved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

using System.Globalization;
using System.Text.Json;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// The export's own fields, read without a connection mapping: Zendesk's statuses and priorities (ours by the same
/// names, <c>hold</c> as <c>on_hold</c>; a custom one is left out), the group id as the team, the assignee id as the agent. A ticket created
/// without a priority is <c>normal</c>. The update's id is the id of its created or updated event, a comment's own id
/// the id of its comment event; a private comment is an agent's note, a public one the requester's when its author is
/// the requester the update names, else an agent's reply.
/// </summary>
public sealed class ZendeskExportMapping : IZendeskTicketEventMapping
{
    private const int MaxIdLength = 200;
    private const int MaxTextLength = 1000;

    public IReadOnlyList<(string TicketKey, TicketEventRecord Event)> Map(string connection, JsonElement ticketEvent)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        if (ticketEvent.ValueKind != JsonValueKind.Object
            || Id(ticketEvent, "id") is not { } updateId
            || Id(ticketEvent, "ticket_id") is not { } ticketId
            || Time(ticketEvent) is not { } time)
        {
            return [];
        }

        var key = $"{connection}:{ticketId}";
        var children = ticketEvent.TryGetProperty("child_events", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).ToArray()
            : [];
        var created = children.Any(c => Text(c, "event_type") == "Create");
        var changes = children.Where(c => Text(c, "event_type") is "Create" or "Change").ToArray();
        var requester = changes.Select(c => Id(c, "requester_id")).FirstOrDefault(r => r is not null);
        var events = new List<(string, TicketEventRecord)>();

        var fields = new TicketFields(
            Field(changes, "subject"),
            requester,
            null,
            null,
            Field(changes, "priority") is { } priority && TicketWire.TryParsePriority(priority, out _) ? priority : created ? "normal" : null,
            null,
            changes.Select(c => Tags(c)).LastOrDefault(t => t is not null),
            Field(changes, "group_id"),
            Field(changes, "assignee_id"),
            Field(changes, "status") is { } status && TicketWire.TryParseStatus(status == "hold" ? "on_hold" : status, out _) ? (status == "hold" ? "on_hold" : status) : null);
        if (created || fields != TicketFields.None)
        {
            events.Add((key, new TicketEventRecord(connection, updateId, created ? TicketEventTypes.Created : TicketEventTypes.Updated, time, fields, null, null)));
        }

        foreach (var comment in children.Where(c => Text(c, "event_type") == "Comment"))
        {
            if (Id(comment, "id") is not { } commentId || !comment.TryGetProperty("public", out var visibility)
                || visibility.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                continue;
            }

            var isPublic = visibility.GetBoolean();
            var role = isPublic && requester is not null && Id(comment, "author_id") == requester ? "requester" : "agent";
            events.Add((key, new TicketEventRecord(connection, commentId, TicketEventTypes.CommentAdded, time, TicketFields.None, role, isPublic)));
        }

        return events;
    }

    /// <summary>The last value a Create or Change child gives the field, either as its own property or as <c>field_name</c>/<c>value</c>.</summary>
    private static string? Field(JsonElement[] changes, string name) =>
        changes.Select(c => Text(c, name) ?? Id(c, name) ?? (Text(c, "field_name") == name ? Text(c, "value") ?? Id(c, "value") : null))
            .LastOrDefault(v => v is not null);

    private static string[]? Tags(JsonElement change) =>
        change.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).Where(t => t.Length is > 0 and <= 100).Distinct(StringComparer.Ordinal).Take(100).ToArray()
            : null;

    private static DateTimeOffset? Time(JsonElement ticketEvent) =>
        Text(ticketEvent, "created_at") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : ticketEvent.TryGetProperty("timestamp", out var unix) && unix.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;

    /// <summary>A string at most the event text limit long; a longer one is left out rather than stored half.</summary>
    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxTextLength } text
            ? text
            : null;

    /// <summary>A Zendesk id (a JSON number) as text.</summary>
    private static string? Id(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id)
            ? id.ToString(CultureInfo.InvariantCulture)
            : item.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxIdLength } text
                ? text
                : null;
}

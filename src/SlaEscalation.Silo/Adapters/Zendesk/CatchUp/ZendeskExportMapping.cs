using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// Maps one item of Zendesk's incremental ticket event export (an update of one ticket: its audit, with Create, Change
/// and Comment child events) through the webhook's own mapping: each child becomes the <c>zen:event-type:ticket.*</c>
/// event Zendesk would have sent for it, and <see cref="ZendeskAdapter"/> maps that under the connection's mapping.
/// So the export gives the canonical events, and the ids, the webhook gives for the same change.
/// </summary>
public static class ZendeskExportMapping
{
    // 9999-12-31T23:59:59Z, the last second a DateTimeOffset holds.
    private const long MaxUnixSeconds = 253_402_300_799;

    private static readonly ZendeskAdapter Adapter = new();

    /// <summary>The webhook event each changed field is reported as.</summary>
    private static readonly Dictionary<string, string> ChangeKinds = new(StringComparer.Ordinal)
    {
        ["status"] = "status_changed",
        ["custom_status_id"] = "custom_status_changed",
        ["priority"] = "priority_changed",
        ["group_id"] = "group_assignment_changed",
        ["assignee_id"] = "agent_assignment_changed",
        ["tags"] = "tags_changed",
    };

    /// <summary>
    /// The canonical events of <paramref name="ticketEvent"/> and the problems of the children left out; none for an
    /// update that changes nothing we use or that lacks its ticket id or time. <paramref name="requester"/> (the ticket's requester, when the update does not
    /// create the ticket) tells a requester's comment from an agent's: the export names a comment's author, never
    /// whether the author is staff.
    /// </summary>
    public static AdapterMapping Map(HelpdeskConnection connection, JsonElement ticketEvent, string? requester)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (TicketId(ticketEvent) is not { } ticketId || Time(ticketEvent) is not { } time)
        {
            return AdapterMapping.IgnoredOne;
        }

        var children = Children(ticketEvent);
        var created = children.Where(c => Text(c, "event_type") == "Create").ToArray();
        requester = Requester(ticketEvent) ?? requester;
        var customStatus = children.Where(c => Text(c, "event_type") is "Create" or "Change")
            .Select(c => FieldValue(c, "custom_status_id")).LastOrDefault(v => v is not null);
        var payloads = new List<JsonObject>();
        if (created.Length > 0)
        {
            var detail = new JsonObject();
            foreach (var child in created)
            {
                if (Field(child) is (string field, var value))
                {
                    detail[field == "custom_status_id" ? "custom_status" : field] = value;
                }
            }

            if (ticketEvent.TryGetProperty("via", out var via) && via.ValueKind == JsonValueKind.Object && Text(via, "channel") is { } channel)
            {
                detail["via"] = new JsonObject { ["channel"] = channel };
            }

            payloads.Add(Payload("created", ticketId, time, detail, []));
        }

        foreach (var change in children.Where(c => Text(c, "event_type") == "Change"))
        {
            if (Field(change) is not (string field, var value) || !ChangeKinds.TryGetValue(field, out var kind))
            {
                continue;
            }

            var detail = new JsonObject();
            if (customStatus is not null)
            {
                detail["custom_status"] = customStatus;
            }

            if (field == "tags")
            {
                detail["tags"] = value?.DeepClone();
            }

            payloads.Add(Payload(kind, ticketId, time, detail, new JsonObject { ["current"] = value }));
        }

        foreach (var comment in children.Where(c => Text(c, "event_type") == "Comment"))
        {
            if (Scalar(comment, "id") is not { } commentId || !comment.TryGetProperty("public", out var visibility)
                || visibility.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                continue;
            }

            var author = Scalar(comment, "author_id");
            payloads.Add(Payload("comment_added", ticketId, time, [], new JsonObject
            {
                ["comment"] = new JsonObject
                {
                    ["id"] = commentId,
                    ["is_public"] = visibility.GetBoolean(),
                    ["author"] = new JsonObject { ["id"] = author, ["is_staff"] = IsStaff(connection, author, requester, visibility.GetBoolean()) },
                },
            }));
        }

        // A child whose values break our limits maps to problems, and only that child is left out: a webhook carrying
        // it is refused the same way.
        var mapped = payloads.Select(p => Adapter.Map(connection, JsonSerializer.SerializeToElement(p))).ToArray();
        return new AdapterMapping([.. mapped.SelectMany(m => m.Events)], mapped.Sum(m => m.Ignored), [.. mapped.SelectMany(m => m.Problems)]);
    }

    /// <summary>The ticket id of an export item, as text; null when it has none.</summary>
    public static string? TicketId(JsonElement ticketEvent) =>
        ticketEvent.ValueKind == JsonValueKind.Object ? Scalar(ticketEvent, "ticket_id") : null;

    /// <summary>The requester an item's Create events set; null when the item does not create its ticket.</summary>
    public static string? Requester(JsonElement ticketEvent) =>
        Children(ticketEvent).Where(c => Text(c, "event_type") == "Create").Select(c => FieldValue(c, "requester_id")).LastOrDefault(r => r is not null);

    /// <summary>Whether an item holds a comment, whose author's role needs the ticket's requester.</summary>
    public static bool HasComment(JsonElement ticketEvent) => Children(ticketEvent).Any(c => Text(c, "event_type") == "Comment");

    /// <summary>
    /// A private comment is a note, which only staff write; a mapped agent is staff; otherwise the requester alone is
    /// not. With the requester unknown, an unmapped author counts as the requester: a reply missed keeps a clock
    /// running (a breach raised late is seen), while a requester taken for an agent would stop it silently.
    /// </summary>
    private static bool IsStaff(HelpdeskConnection connection, string? author, string? requester, bool isPublic) =>
        !isPublic || author is not null && (connection.Agent(author) is not null || requester is not null && author != requester);

    private static JsonObject Payload(string kind, string ticketId, DateTimeOffset time, JsonObject detail, JsonObject @event)
    {
        detail["id"] = ticketId;
        return new JsonObject
        {
            ["type"] = ZendeskAdapter.EventTypePrefix + kind,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["detail"] = detail,
            ["event"] = @event,
        };
    }

    private static JsonElement[] Children(JsonElement ticketEvent) =>
        ticketEvent.ValueKind == JsonValueKind.Object && ticketEvent.TryGetProperty("child_events", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object)]
            : [];

    /// <summary>The field a Create or Change event sets and its new value (its <c>field_name</c> and <c>value</c>).</summary>
    private static (string Field, JsonNode? Value)? Field(JsonElement child) =>
        Text(child, "field_name") is { } name && child.TryGetProperty("value", out var value) ? (name, Node(value)) : null;

    private static string? FieldValue(JsonElement child, string field) =>
        Field(child) is (string name, var value) && name == field && value is JsonValue scalar ? scalar.ToString() : null;

    /// <summary>Ids as the webhook sends them (strings); lists and strings as they are.</summary>
    private static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => JsonValue.Create(value.GetRawText()),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonNode.Parse(value.GetRawText()),
    };

    private static DateTimeOffset? Time(JsonElement ticketEvent) =>
        Text(ticketEvent, "created_at") is { } text && PayloadReader.ParseTime(text) is { } at ? at
            : ticketEvent.TryGetProperty("timestamp", out var unix) && unix.ValueKind == JsonValueKind.Number && unix.TryGetInt64(out var seconds)
                && seconds is > 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A Zendesk id, a JSON number or a string, as text.</summary>
    private static string? Scalar(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
            : value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text
            : null;
}

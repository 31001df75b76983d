using System.Text.Json;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// Intercom webhook notifications (<c>type: notification_event</c>, the conversation or ticket in
/// <c>data.item</c>; a ticket's state is a word before API version 2.12 and an object since), signed <c>X-Hub-Signature: sha1=</c> hex HMAC-SHA1 of the body with the app's client secret.
/// The notification's <c>id</c> is the event id and its <c>created_at</c> the event time.
/// </summary>
public sealed class IntercomAdapter : IHelpdeskAdapter
{
    public ConnectionKind Kind => ConnectionKind.Intercom;

    public SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now) =>
        HubSignature.Verify(headers, body, secret, "sha1");

    public AdapterMapping Map(HelpdeskConnection connection, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reader = new PayloadReader();
        var topic = reader.Text(payload, "", "topic", required: true);
        if (topic is null)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        if (!topic.StartsWith("conversation.", StringComparison.Ordinal) && !topic.StartsWith("ticket.", StringComparison.Ordinal))
        {
            return AdapterMapping.IgnoredOne;
        }

        var id = reader.Id(payload, "", "id", required: true);
        var time = UnixTime(payload, "", "created_at", reader);
        var data = reader.Object(payload, "", "data");
        var item = data is { } d ? reader.Object(d, "/data", "item") : null;
        var itemId = item is { } i ? reader.TicketId(i, "/data/item", "id", connection.Id) : null;
        if (reader.Problems.Count > 0)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        var at = "/data/item";
        MappedEvent Event(string type, TicketFields fields, string? role = null, bool? isPublic = null) =>
            new(connection.TicketKey(itemId!), new TicketEventRecord(connection.Id, id!, type, time!.Value, fields, role, isPublic));

        var mapped = topic switch
        {
            "conversation.user.created" or "ticket.created" => Event(TicketEventTypes.Created, Fields(connection, item!.Value, at, reader)),
            "conversation.user.replied" or "ticket.contact.replied" => Event(TicketEventTypes.CommentAdded, TicketFields.None, "requester", true),
            "conversation.admin.replied" or "ticket.admin.replied" => Event(TicketEventTypes.CommentAdded, TicketFields.None, "agent", true),
            "conversation.admin.noted" or "ticket.note.created" => Event(TicketEventTypes.CommentAdded, TicketFields.None, "agent", false),
            "conversation.admin.closed" or "ticket.closed" => Event(TicketEventTypes.Updated, new TicketFields(Status: Status(connection, "closed"))),
            "conversation.admin.opened" or "conversation.admin.unsnoozed" => Event(TicketEventTypes.Updated, new TicketFields(Status: Status(connection, "open"))),
            "conversation.admin.snoozed" => Event(TicketEventTypes.Updated, new TicketFields(Status: Status(connection, "snoozed"))),
            "ticket.state.updated" => TicketState(connection, item!.Value, at, reader) is { } state
                ? Event(TicketEventTypes.Updated, new TicketFields(Status: state)) : null,
            "conversation.admin.assigned" or "ticket.admin.assigned" or "ticket.team.assigned" => Assignment(connection, item!.Value, at, reader) is { } fields
                ? Event(TicketEventTypes.Updated, fields) : null,
            _ => null,
        };

        return reader.Problems.Count > 0 ? AdapterMapping.Malformed(reader.Problems)
            : mapped is null ? AdapterMapping.IgnoredOne
            : AdapterMapping.Of(mapped);
    }

    /// <summary>Intercom's states in our words unless the mapping names them: snoozed waits on the customer.</summary>
    private static string Status(HelpdeskConnection connection, string state) =>
        connection.MappedStatus(state) ?? state switch
        {
            "open" or "in_progress" => "open",
            "snoozed" or "waiting_on_customer" => "pending",
            "submitted" => "new",
            "closed" or "resolved" => "solved",
            _ => connection.Status(state),
        };

    private static TicketFields Fields(HelpdeskConnection connection, JsonElement item, string at, PayloadReader reader)
    {
        var priority = reader.Text(item, at, "priority");
        var state = reader.Text(item, at, "state") is { } conversationState ? Status(connection, conversationState) : TicketState(connection, item, at, reader);
        var assignment = Assignment(connection, item, at, reader);
        return new TicketFields(
            Subject: reader.Text(item, at, "title") ?? TicketTitle(item, at, reader),
            Priority: priority is null ? connection.DefaultPriority
                : connection.MappedPriority(priority) ?? (priority == "priority" ? "high" : connection.Priority(priority)),
            Tags: TagNames(item, at, reader),
            Team: assignment?.Team,
            Assignee: assignment?.Assignee,
            Status: state);
    }

    /// <summary>
    /// A ticket's state: a word before API version 2.12, an object since (<c>id</c>, <c>category</c>, labels), whose
    /// custom state the mapping may name by id or internal label before its category decides.
    /// </summary>
    private static string? TicketState(HelpdeskConnection connection, JsonElement item, string at, PayloadReader reader)
    {
        if (!item.TryGetProperty("ticket_state", out var state) || state.ValueKind != JsonValueKind.Object)
        {
            return reader.Text(item, at, "ticket_state") is { } word ? Status(connection, word) : null;
        }

        var path = at + "/ticket_state";
        var mapped = (reader.Id(state, path, "id", required: false) is { } id ? connection.MappedStatus(id) : null)
            ?? (reader.Text(state, path, "internal_label") is { } label ? connection.MappedStatus(label) : null);
        return mapped ?? (reader.Text(state, path, "category", required: true) is { } category ? Status(connection, category) : null);
    }

    /// <summary>A ticket's title, the <c>_default_title_</c> of its <c>ticket_attributes</c>.</summary>
    private static string? TicketTitle(JsonElement item, string at, PayloadReader reader) =>
        reader.Object(item, at, "ticket_attributes", required: false) is { } attributes
            ? reader.Text(attributes, at + "/ticket_attributes", "_default_title_")
            : null;

    /// <summary>The names of <c>tags.tags</c>, a list of tag objects, within our limits.</summary>
    private static string[]? TagNames(JsonElement item, string at, PayloadReader reader)
    {
        if (!item.TryGetProperty("tags", out var list) || list.ValueKind != JsonValueKind.Object
            || !list.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var names = tags.EnumerateArray()
            .Select(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? StoredText.Of(name) : null)
            .ToArray();
        if (names.Length > Api.Events.CloudEventReader.MaxTags || names.Any(n => n is null or { Length: 0 } || StoredText.ProblemWith(n, StoredLimits.Tag) is not null))
        {
            reader.Problem($"{at}/tags/tags", $"tags must be at most {Api.Events.CloudEventReader.MaxTags} named tags of at most {StoredLimits.Tag} characters");
            return null;
        }

        return [.. names.Distinct(StringComparer.Ordinal)!];
    }

    private static TicketFields? Assignment(HelpdeskConnection connection, JsonElement item, string at, PayloadReader reader)
    {
        var team = reader.Id(item, at, "team_assignee_id", required: false) is { } teamId ? connection.Team(teamId) : null;
        var agent = reader.Id(item, at, "admin_assignee_id", required: false) is { } adminId ? connection.Agent(adminId) : null;
        return team is null && agent is null ? null : new TicketFields(Team: team, Assignee: agent);
    }

    private static DateTimeOffset? UnixTime(JsonElement parent, string at, string name, PayloadReader reader)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        reader.Problem($"{at}/{name}", $"{name} must be a Unix time in seconds");
        return null;
    }
}

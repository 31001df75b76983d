using System.Globalization;
using System.Text.Json;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// Jira Service Management admin webhooks with a secret, signed <c>X-Hub-Signature: sha256=</c> hex HMAC-SHA256 of
/// the body and refused when their <c>timestamp</c> is over an hour old (<see cref="JiraWebhookSignature"/>): <c>jira:issue_created</c>, <c>jira:issue_updated</c> (status, priority, assignee, labels, request type)
/// and <c>comment_created</c> (<c>jsdPublic</c> tells a public reply from an internal note; an author whose
/// <c>accountType</c> is <c>customer</c>, or who reported the issue, is the requester). Tickets are keyed by the
/// issue id, which survives a move between projects; event ids are the changelog or comment id, so a resend is a
/// duplicate; <c>timestamp</c> is the event time.
/// </summary>
public sealed class JiraAdapter : IHelpdeskAdapter
{
    // 9999-12-31T23:59:59.999Z, the last instant a DateTimeOffset holds.
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    public ConnectionKind Kind => ConnectionKind.Jira;

    public SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now) =>
        JiraWebhookSignature.Verify(headers, body, secret, now);

    public AdapterMapping Map(HelpdeskConnection connection, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reader = new PayloadReader();
        var kind = reader.Text(payload, "", "webhookEvent", required: true);
        if (kind is null)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        if (kind is not ("jira:issue_created" or "jira:issue_updated" or "comment_created"))
        {
            return AdapterMapping.IgnoredOne;
        }

        var time = payload.TryGetProperty("timestamp", out var stamp) && stamp.ValueKind == JsonValueKind.Number && stamp.TryGetInt64(out var ms) && ms is > 0 and <= MaxUnixMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        if (time is null)
        {
            reader.Problem("/timestamp", "timestamp must be a Unix time in milliseconds");
        }

        var issue = reader.Object(payload, "", "issue");
        var issueId = issue is { } i ? reader.TicketId(i, "/issue", "id", connection.Id) : null;
        var fields = issue is { } i2 ? reader.Object(i2, "/issue", "fields") : null;
        if (reader.Problems.Count > 0)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        MappedEvent Event(string id, string type, TicketFields ticketFields, string? role = null, bool? isPublic = null) =>
            new(connection.TicketKey(issueId!), new TicketEventRecord(connection.Id, id, type, time!.Value, ticketFields, role, isPublic));

        switch (kind)
        {
            case "jira:issue_created":
                var created = Fields(connection, fields!.Value, reader);
                return reader.Problems.Count > 0 ? AdapterMapping.Malformed(reader.Problems)
                    : AdapterMapping.Of(Event($"created-{issueId}", TicketEventTypes.Created, created with { Priority = created.Priority ?? connection.DefaultPriority }));
            case "jira:issue_updated":
                // Jira sends issue_updated without a changelog too (a comment's update): nothing the mapping uses changed.
                var changelog = reader.Object(payload, "", "changelog", required: false);
                var changeId = changelog is { } c ? reader.Id(c, "/changelog", "id", required: true) : null;
                var updated = Fields(connection, fields!.Value, reader);
                var changed = changelog is { } log ? ChangedFields(log, reader) : [];

                // Only what the changelog says changed: the issue's other fields are as they were.
                var only = new TicketFields(
                    Priority: changed.Contains("priority") ? updated.Priority ?? connection.DefaultPriority : null,
                    Status: changed.Contains("status") ? updated.Status : null,
                    Assignee: changed.Contains("assignee") ? updated.Assignee : null,
                    Tags: changed.Contains("labels") ? updated.Tags ?? [] : null,
                    Team: changed.Contains("Customer Request Type") || changed.Contains("request type") ? updated.Team : null);
                return reader.Problems.Count > 0 ? AdapterMapping.Malformed(reader.Problems)
                    : only == TicketFields.None ? AdapterMapping.IgnoredOne
                    : AdapterMapping.Of(Event($"change-{changeId}", TicketEventTypes.Updated, only));
            default:
                var comment = reader.Object(payload, "", "comment");
                var commentId = comment is { } cm ? reader.Id(cm, "/comment", "id", required: true) : null;
                var isPublic = comment is { } cm2 ? reader.Bool(cm2, "/comment", "jsdPublic", required: true) : null;
                var authorObject = comment is { } cm3 ? reader.Object(cm3, "/comment", "author") : null;
                var author = authorObject is { } a ? reader.Id(a, "/comment/author", "accountId", required: true) : null;

                // A service desk customer is the requester's side whoever reported the issue (a participant, a
                // colleague); the comment's issue often omits the reporter.
                var customer = authorObject is { } a2 && reader.Text(a2, "/comment/author", "accountType") == "customer";
                var reporter = reader.Object(fields!.Value, "/issue/fields", "reporter", required: false) is { } r ? reader.Id(r, "/issue/fields/reporter", "accountId", required: false) : null;
                return reader.Problems.Count > 0 ? AdapterMapping.Malformed(reader.Problems)
                    : AdapterMapping.Of(Event($"comment-{commentId}", TicketEventTypes.CommentAdded, TicketFields.None, customer || author == reporter ? "requester" : "agent", isPublic));
        }
    }

    private static TicketFields Fields(HelpdeskConnection connection, JsonElement fields, PayloadReader reader)
    {
        const string At = "/issue/fields";
        var priority = reader.Object(fields, At, "priority", required: false) is { } p ? reader.Text(p, At + "/priority", "name") : null;
        var status = reader.Object(fields, At, "status", required: false);
        var assignee = reader.Object(fields, At, "assignee", required: false) is { } a ? reader.Id(a, At + "/assignee", "accountId", required: false) : null;
        var reporter = reader.Object(fields, At, "reporter", required: false) is { } r ? reader.Id(r, At + "/reporter", "accountId", required: false) : null;
        return new TicketFields(
            Subject: reader.Text(fields, At, "summary"),
            Requester: reporter,
            Priority: priority is null ? null : connection.MappedPriority(priority) ?? BuiltInPriority(priority) ?? connection.Priority(priority),
            Tags: reader.Tags(fields, At, "labels"),
            Team: RequestType(fields) is { } requestType ? connection.Team(requestType) : null,
            Assignee: assignee is null ? null : connection.Agent(assignee),
            Status: status is { } s ? Status(connection, s, reader) : null);
    }

    /// <summary>Jira's default priority scheme in our words.</summary>
    private static string? BuiltInPriority(string name) => name.ToLower(CultureInfo.InvariantCulture) switch
    {
        "highest" => "urgent",
        "medium" => "normal",
        "lowest" => "low",
        _ => null,
    };

    /// <summary>The status by name when the mapping names it, else by its category: to do, in progress, done.</summary>
    private static string? Status(HelpdeskConnection connection, JsonElement status, PayloadReader reader)
    {
        var name = reader.Text(status, "/issue/fields/status", "name");
        if (name is not null && connection.MappedStatus(name) is { } mapped)
        {
            return mapped;
        }

        var category = reader.Object(status, "/issue/fields/status", "statusCategory", required: false) is { } c ? reader.Text(c, "/issue/fields/status/statusCategory", "key") : null;
        return category switch
        {
            "new" => "new",
            "indeterminate" => "open",
            "done" => "solved",
            _ => name is null ? null : connection.Status(name),
        };
    }

    /// <summary>The names of the fields a changelog's <c>items</c> say changed; anything but an array of objects is malformed.</summary>
    private static HashSet<string> ChangedFields(JsonElement changelog, PayloadReader reader)
    {
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!changelog.TryGetProperty("items", out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return changed;
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            reader.Problem("/changelog/items", "items must be an array of changed fields");
            return changed;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                reader.Problem($"/changelog/items/{index}", "each changelog item must be an object with a field name");
            }
            else if (reader.Text(item, $"/changelog/items/{index}", "field") is { } field)
            {
                changed.Add(field);
            }

            index++;
        }

        return changed;
    }

    /// <summary>The request type's name, from whichever custom field holds the service desk request.</summary>
    private static string? RequestType(JsonElement fields) =>
        fields.EnumerateObject()
            .Select(f => f.Value.ValueKind == JsonValueKind.Object && f.Value.TryGetProperty("requestType", out var type)
                && type.ValueKind == JsonValueKind.Object && type.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString() : null)
            .FirstOrDefault(n => n is not null);
}

using System.Text.Json;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Silo.Adapters.Zendesk;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// Zendesk webhooks subscribed to <c>zen:event-type:ticket.*</c> events. The signature is
/// <c>X-Zendesk-Webhook-Signature</c> = base64 HMAC-SHA256(secret, <c>X-Zendesk-Webhook-Signature-Timestamp</c> + raw
/// body); a timestamp older than <see cref="ReplayWindow"/> is a replay. The event id is derived from the ticket's
/// change (<see cref="ZendeskEventIds"/>) and the event's <c>time</c> is the event time, so Zendesk's late, repeated and
/// out-of-order deliveries are safe, and so is the same change arriving again through the catch-up's export.
/// </summary>
public sealed class ZendeskAdapter : IHelpdeskAdapter
{
    public const string SignatureHeader = "X-Zendesk-Webhook-Signature";
    public const string TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp";
    public const string EventTypePrefix = "zen:event-type:ticket.";

    /// <summary>How old a signature's timestamp may be (and how far ahead, for clock drift).</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public ConnectionKind Kind => ConnectionKind.Zendesk;

    public SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var signature = headers[SignatureHeader].ToString();
        var timestamp = headers[TimestampHeader].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            return SignatureVerdict.Refused($"{SignatureHeader} and {TimestampHeader} are required");
        }

        if (!VendorSignature.MatchesBase64Sha256(signature, secret, timestamp, body))
        {
            return SignatureVerdict.Refused($"{SignatureHeader} does not match the body and timestamp");
        }

        // Checked after the signature, so an unsigned caller learns nothing about our clock.
        return PayloadReader.ParseTime(timestamp) is not { } signedAt ? SignatureVerdict.Refused($"{TimestampHeader} is not an RFC 3339 time")
            : signedAt < now - ReplayWindow || signedAt > now + ReplayWindow ? SignatureVerdict.Refused($"{TimestampHeader} is more than {ReplayWindow.TotalMinutes:F0} minutes from now: refused as a replay")
            : SignatureVerdict.Accepted;
    }

    public AdapterMapping Map(HelpdeskConnection connection, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reader = new PayloadReader();
        if (payload.ValueKind != JsonValueKind.Object)
        {
            reader.Problem("", "a Zendesk event is a JSON object");
            return AdapterMapping.Malformed(reader.Problems);
        }

        var type = reader.Text(payload, "", "type", required: true);
        if (type is null)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        if (!type.StartsWith(EventTypePrefix, StringComparison.Ordinal))
        {
            return AdapterMapping.IgnoredOne;
        }

        var kind = type[EventTypePrefix.Length..];
        var time = reader.Time(payload, "", "time");
        var detail = reader.Object(payload, "", "detail");
        var ticketId = detail is { } d ? reader.TicketId(d, "/detail", "id", connection.Id) : null;
        var @event = reader.Object(payload, "", "event", required: false) ?? default;
        if (reader.Problems.Count > 0)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        var fields = kind switch
        {
            "created" => Created(connection, detail!.Value, reader),
            "status_changed" => Status(connection, detail!.Value, @event, reader),
            "custom_status_changed" => CustomStatus(connection, @event, reader),
            "priority_changed" => new TicketFields(Priority: connection.Priority(reader.Text(@event, "/event", "current") ?? "")),
            "group_assignment_changed" => reader.Id(@event, "/event", "current", required: false) is { } group && connection.Team(group) is { } team
                ? new TicketFields(Team: team) : null,
            "agent_assignment_changed" => reader.Id(@event, "/event", "current", required: false) is { } user && connection.Agent(user) is { } agent
                ? new TicketFields(Assignee: agent) : null,
            "tags_changed" => reader.Tags(detail!.Value, "/detail", "tags") is { } tags ? new TicketFields(Tags: tags) : null,

            // Gone from the queue: closing stops every clock, so no breach is raised for a ticket nobody works.
            "soft_deleted" or "permanently_deleted" or "merged" or "marked_as_spam" => new TicketFields(Status: "closed"),
            _ => null,
        };

        MappedEvent Event(string id, string canonicalType, TicketFields eventFields, string? role = null, bool? isPublic = null) =>
            new(connection.TicketKey(ticketId!), new TicketEventRecord(connection.Id, id, canonicalType, time!.Value, eventFields, role, isPublic));

        if (kind == "comment_added")
        {
            var comment = reader.Object(@event, "/event", "comment");
            var commentId = comment is { } c0 ? reader.Id(c0, "/event/comment", "id", required: true, CommentIdRoom) : null;
            var author = comment is { } c ? reader.Object(c, "/event/comment", "author") : null;
            var isPublic = comment is { } c2 ? reader.Bool(c2, "/event/comment", "is_public", required: true) : null;
            var staff = author is { } a ? reader.Bool(a, "/event/comment/author", "is_staff", required: true) : null;
            return reader.Problems.Count > 0
                ? AdapterMapping.Malformed(reader.Problems)
                : AdapterMapping.Of(Event(ZendeskEventIds.Comment(commentId!), TicketEventTypes.CommentAdded, TicketFields.None, staff!.Value ? "agent" : "requester", isPublic!.Value));
        }

        if (reader.Problems.Count > 0)
        {
            return AdapterMapping.Malformed(reader.Problems);
        }

        return fields is null ? AdapterMapping.IgnoredOne
            : kind == "created" ? AdapterMapping.Of(Event(ZendeskEventIds.Created, TicketEventTypes.Created, fields))
            : AdapterMapping.Of(Event(ZendeskEventIds.Change(kind, time!.Value), TicketEventTypes.Updated, fields));
    }

    private static TicketFields Created(HelpdeskConnection connection, JsonElement detail, PayloadReader reader)
    {
        var via = reader.Object(detail, "/detail", "via", required: false);
        return new TicketFields(
            Subject: reader.Text(detail, "/detail", "subject"),
            Requester: reader.Id(detail, "/detail", "requester_id", required: false),
            Organization: reader.Id(detail, "/detail", "organization_id", required: false),
            Priority: connection.Priority(reader.Text(detail, "/detail", "priority") ?? ""),
            Channel: via is { } v ? reader.Text(v, "/detail/via", "channel") : null,
            Tags: reader.Tags(detail, "/detail", "tags"),
            Team: reader.Id(detail, "/detail", "group_id", required: false) is { } group ? connection.Team(group) : null,
            Assignee: reader.Id(detail, "/detail", "assignee_id", required: false) is { } user ? connection.Agent(user) : null,
            Status: StatusOf(connection, detail, reader.Text(detail, "/detail", "status"), reader));
    }

    private static TicketFields Status(HelpdeskConnection connection, JsonElement detail, JsonElement @event, PayloadReader reader) =>
        new(Status: StatusOf(connection, detail, reader.Text(@event, "/event", "current", required: true), reader));

    /// <summary>
    /// A status change under a custom status the mapping names takes the mapped status, so the status and custom
    /// status events of one change agree; otherwise the status category is read.
    /// </summary>
    private static string? StatusOf(HelpdeskConnection connection, JsonElement detail, string? status, PayloadReader reader) =>
        reader.Id(detail, "/detail", "custom_status", required: false) is { } custom && connection.MappedStatus(custom) is { } mapped ? mapped
            : status is null ? null
            : connection.Status(status);

    private static TicketFields? CustomStatus(HelpdeskConnection connection, JsonElement @event, PayloadReader reader) =>
        reader.Id(@event, "/event", "current", required: false) is { } custom && connection.MappedStatus(custom) is { } mapped
            ? new TicketFields(Status: mapped)
            : null;

    /// <summary>The room a comment id has in an event id after <c>comment:</c>.</summary>
    private const int CommentIdRoom = StoredLimits.EventId - 8;
}

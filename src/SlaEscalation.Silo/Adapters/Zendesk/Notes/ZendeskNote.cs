using System.Globalization;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Silo.Adapters.Zendesk.Notes;

/// <summary>
/// The internal note an escalation step leaves on its Zendesk ticket: what happened, and a mark naming the notice,
/// by which a retry after a lost answer finds the note it already left instead of leaving a second one.
/// </summary>
public static class ZendeskNote
{
    /// <summary>The Zendesk ticket id of <paramref name="ticketKey"/> (<c>{connection}:{id}</c>) when the connection is <paramref name="connection"/>.</summary>
    public static long? TicketId(string ticketKey, string connection)
    {
        ArgumentNullException.ThrowIfNull(ticketKey);
        return ticketKey.StartsWith(connection + ":", StringComparison.Ordinal)
            && long.TryParse(ticketKey.AsSpan(connection.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id : null;
    }

    /// <summary>The mark at the end of the note of <paramref name="noticeId"/>.</summary>
    public static string Mark(string noticeId) => $"[SLA notice {noticeId}]";

    /// <summary>The note's text for <paramref name="notice"/>.</summary>
    public static string Text(EscalationNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var what = notice.Type == EscalationNoticeTypes.Acknowledged
            ? $"SLA escalation level {notice.Level} ({notice.Metric}) acknowledged by {notice.Actor}; owner {notice.Owner}."
            : $"SLA escalation level {notice.Level} ({notice.Metric}) raised: owner {notice.Owner}" + (notice.Detail is { Length: > 0 } detail ? $" ({detail})." : ".");
        return what + "\n" + Mark(notice.NoticeId);
    }

    /// <summary>The body of <c>PUT /api/v2/tickets/{id}.json</c> adding <paramref name="text"/> as an internal note.</summary>
    public static JsonObject Update(string text) =>
        new() { ["ticket"] = new JsonObject { ["comment"] = new JsonObject { ["body"] = text, ["public"] = false } } };

    /// <summary>Whether a <c>GET /api/v2/tickets/{id}/comments.json</c> answer holds the note of <paramref name="noticeId"/>.</summary>
    public static bool Holds(JsonObject comments, string noticeId)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var mark = Mark(noticeId);
        return (comments["comments"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => c["body"] is JsonValue body && body.TryGetValue<string>(out var text) && text.Contains(mark, StringComparison.Ordinal));
    }
}

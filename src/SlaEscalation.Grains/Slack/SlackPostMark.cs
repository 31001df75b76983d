using System.Globalization;
using System.Text.Json.Nodes;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// How an escalation's post is found again when Slack's answer to it was lost: the post carries message metadata
/// naming the escalation, and the channel's recent history, read with <c>include_all_metadata</c>, gives that
/// message back with its <c>ts</c>.
/// </summary>
public static class SlackPostMark
{
    /// <summary>The metadata's <c>event_type</c> on every escalation message.</summary>
    public const string EventType = "sla_escalation";

    /// <summary>
    /// How many messages one history lookup asks for: the most Slack gives an app distributed outside its Marketplace,
    /// and plenty for the seconds between a lost answer and its retry.
    /// </summary>
    public const int HistoryLimit = 15;

    /// <summary>How much earlier than the first try the lookup starts, since Slack stamps a message by its own clock.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

    /// <summary>The <c>metadata</c> of the post of <paramref name="escalationId"/>.</summary>
    public static JsonObject Metadata(string escalationId) => new()
    {
        ["event_type"] = EventType,
        ["event_payload"] = new JsonObject { ["escalation_id"] = escalationId },
    };

    /// <summary>The arguments of <c>conversations.history</c> for the messages of <paramref name="channel"/> since a post first tried at <paramref name="firstTried"/>.</summary>
    public static JsonObject HistoryQuery(string channel, DateTimeOffset firstTried) => new()
    {
        ["channel"] = channel,
        ["oldest"] = (firstTried - ClockMargin).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["include_all_metadata"] = true,
        ["limit"] = HistoryLimit,
    };

    /// <summary>The <c>ts</c> of the message of <paramref name="escalationId"/> in a <c>conversations.history</c> answer; null when it is not there.</summary>
    public static string? PostedTs(JsonObject history, string escalationId)
    {
        ArgumentNullException.ThrowIfNull(history);
        return (history["messages"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(m => m["metadata"] is JsonObject metadata
                && Text(metadata["event_type"]) == EventType
                && metadata["event_payload"] is JsonObject payload
                && Text(payload["escalation_id"]) == escalationId)
            .Select(m => Text(m["ts"]))
            .FirstOrDefault(ts => ts is not null);
    }

    /// <summary>A JSON string's text; null for any other shape, so a message of another app cannot stop the lookup.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

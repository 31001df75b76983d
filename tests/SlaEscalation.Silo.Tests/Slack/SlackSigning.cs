using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>Signs interaction requests as Slack does, computed here on its own rather than by the silo's code.</summary>
public static class SlackSigning
{
    /// <summary><c>v0=</c> and the hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public static string Signature(string secret, string timestamp, string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var digest = hmac.ComputeHash(Encoding.UTF8.GetBytes("v0:" + timestamp + ":" + body));
        return "v0=" + string.Concat(digest.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>The form body Slack posts: <c>payload=</c> and the URL-encoded JSON.</summary>
    public static string Form(JsonObject payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());

    /// <summary>A signed interaction request for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static HttpRequestMessage Request(string connection, string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/adapters/slack/{connection}/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Signature(secret, timestamp, body));
        return request;
    }

    /// <summary>
    /// A <c>block_actions</c> payload of <paramref name="user"/> pressing the element <paramref name="actionId"/> of the
    /// actions block in <paramref name="message"/> (a body the stub received), answering to <paramref name="responseUrl"/>.
    /// </summary>
    public static JsonObject Press(JsonObject message, string actionId, string user, string responseUrl, string? option = null)
    {
        var actions = message["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "actions")!;
        var element = actions["elements"]!.AsArray().Single(e => (string?)e!["action_id"] == actionId)!;
        var action = new JsonObject
        {
            ["type"] = (string?)element["type"],
            ["action_id"] = actionId,
            ["block_id"] = (string?)actions["block_id"],
            ["action_ts"] = "1733400100.000001",
        };
        if (option is null)
        {
            action["value"] = (string?)element["value"];
        }
        else
        {
            action["selected_option"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = option }, ["value"] = option };
        }

        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["team_id"] = "T0ACME" },
            ["api_app_id"] = "A0SLA",
            ["team"] = new JsonObject { ["id"] = "T0ACME", ["domain"] = "acme" },
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = (string?)message["channel"] },
            ["response_url"] = responseUrl,
            ["actions"] = new JsonArray(action),
        };
    }
}

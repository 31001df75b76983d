using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SlaEscalation.Testing;

/// <summary>
/// Zendesk webhook payloads (<c>zen:event-type:ticket.*</c>, in the documented shape) and their signature, written
/// here from Zendesk's recipe and not from the silo's code, so a test of the adapter checks one against the other.
/// </summary>
public static class ZendeskRequests
{
    /// <summary>One ticket event: <paramref name="detail"/> is the ticket after the change, <paramref name="event"/> what changed.</summary>
    public static JsonObject Payload(string type, string id, string ticketId, DateTimeOffset time, JsonObject? detail = null, JsonObject? @event = null)
    {
        var ticket = detail ?? [];
        ticket["id"] = ticketId;
        return new JsonObject
        {
            ["account_id"] = 22129848,
            ["detail"] = ticket,
            ["event"] = @event ?? [],
            ["id"] = id,
            ["subject"] = $"zen:ticket:{ticketId}",
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture),
            ["type"] = $"zen:event-type:ticket.{type}",
            ["zendesk_event_version"] = "2022-11-06",
        };
    }

    public static JsonObject Created(string id, string ticketId, DateTimeOffset time, string priority = "HIGH", string? groupId = null) =>
        Payload("created", id, ticketId, time, new JsonObject
        {
            ["priority"] = priority,
            ["status"] = "NEW",
            ["group_id"] = groupId,
            ["requester_id"] = "7001",
            ["subject"] = "Printer on fire",
            ["tags"] = new JsonArray("vip"),
            ["via"] = new JsonObject { ["channel"] = "web_form" },
        });

    /// <summary>A comment: <paramref name="staff"/> tells an agent from the requester, <paramref name="isPublic"/> a reply from a note.</summary>
    public static JsonObject Comment(string id, string ticketId, DateTimeOffset time, bool staff, bool isPublic = true) =>
        Payload("comment_added", id, ticketId, time, @event: new JsonObject
        {
            ["comment"] = new JsonObject
            {
                ["id"] = id + "-c",
                ["body"] = staff ? "We are on it." : "Any news?",
                ["is_public"] = isPublic,
                ["author"] = new JsonObject { ["id"] = staff ? "9001" : "7001", ["is_staff"] = staff, ["name"] = staff ? "Dieter" : "Requester" },
            },
        });

    /// <summary>A change of one value (<c>status_changed</c>, <c>priority_changed</c>, <c>group_assignment_changed</c>, ...).</summary>
    public static JsonObject Changed(string type, string id, string ticketId, DateTimeOffset time, string? previous, string? current) =>
        Payload(type, id, ticketId, time, @event: new JsonObject { ["previous"] = previous, ["current"] = current });

    /// <summary>Zendesk's signature: base64 HMAC-SHA256 keyed with the secret over the timestamp followed by the body.</summary>
    public static string Signature(string secret, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp), .. body]));
    }

    /// <summary>A signed request as Zendesk sends it, timestamped <paramref name="signedAt"/>.</summary>
    public static HttpRequestMessage Signed(string connection, JsonNode payload, string secret, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var timestamp = signedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/adapters/zendesk/{connection}", UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Zendesk-Webhook-Signature", Signature(secret, timestamp, body));
        request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        return request;
    }

    /// <summary>Posts one signed payload; returns the status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostZendeskAsync(this HttpClient http, string connection, JsonNode payload, string secret, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = Signed(connection, payload, secret, signedAt);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

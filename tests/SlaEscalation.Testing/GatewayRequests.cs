using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SlaEscalation.Testing;

/// <summary>CloudEvents and gateway calls as the tests and the load tool send them.</summary>
public static class GatewayRequests
{
    /// <summary>One ticket event in CloudEvents 1.0 structured JSON.</summary>
    public static JsonObject Event(string key, string id, string type, DateTimeOffset time, JsonObject data, string source = "test") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = source,
        ["type"] = type,
        ["subject"] = key,
        ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["data"] = data,
    };

    public static JsonObject Created(string key, string id, DateTimeOffset time, string priority = "high", string? team = null, string source = "test")
    {
        var data = new JsonObject { ["priority"] = priority };
        if (team is not null)
        {
            data["team"] = team;
        }

        return Event(key, id, "ticket.created", time, data, source);
    }

    public static JsonObject Comment(string key, string id, DateTimeOffset time, string role, bool isPublic = true, string source = "test") =>
        Event(key, id, "ticket.comment_added", time, new JsonObject { ["authorRole"] = role, ["public"] = isPublic }, source);

    /// <summary>Posts one event or a batch; returns the status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostEventsAsync(this HttpClient http, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var mediaType = body is JsonArray ? "application/cloudevents-batch+json" : "application/cloudevents+json";
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType);
        using var response = await http.PostAsync(new Uri("/v1/events", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Puts a configuration part; throws with the answer when it is refused.</summary>
    public static async Task PutJsonAsync(this HttpClient http, string path, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(path, UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

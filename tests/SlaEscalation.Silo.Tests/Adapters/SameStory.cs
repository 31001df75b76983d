using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>One ticket story told twice, through the Zendesk adapter and as CloudEvents, on any silo.</summary>
public static partial class SameStory
{
    private const string Connection = "zendesk-eu";

    /// <summary>
    /// Posts one story as signed Zendesk webhooks (ticket <paramref name="zendeskTicket"/>, in reverse order) and as
    /// CloudEvents (ticket <paramref name="cloudEventsTicket"/>), and asserts both give the same ticket and timeline.
    /// </summary>
    public static async Task AssertAsync(HttpClient http, string zendeskTicket, string cloudEventsTicket)
    {
        // Whole seconds: the CloudEvents story carries microseconds, Zendesk's nanoseconds.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        JsonObject[] zendesk =
        [
            ZendeskRequests.Created("h1", zendeskTicket, start, "HIGH", groupId: "100"),
            ZendeskRequests.Comment("h2", zendeskTicket, start.AddMinutes(1), staff: false),
            ZendeskRequests.Comment("h3", zendeskTicket, start.AddMinutes(2), staff: true, isPublic: false),
            ZendeskRequests.Changed("priority_changed", "h4", zendeskTicket, start.AddMinutes(3), "HIGH", "URGENT"),
            ZendeskRequests.Changed("status_changed", "h5", zendeskTicket, start.AddMinutes(4), "NEW", "PENDING"),
            ZendeskRequests.Changed("status_changed", "h6", zendeskTicket, start.AddMinutes(5), "PENDING", "OPEN"),
        ];
        var key = $"zendesk-eu:{cloudEventsTicket}";

        // The ids the adapter derives (a creation, a comment by its id, a change by its second), so the timelines match.
        string Change(string kind, int minutes) => $"{kind}@{start.AddMinutes(minutes).ToUnixTimeSeconds()}";
        JsonObject[] cloudEvents =
        [
            GatewayRequests.Event(key, "created", "ticket.created", start, Data("""{"subject":"Printer on fire","requester":"7001","priority":"high","channel":"web_form","tags":["vip"],"team":"support-eu","status":"new"}"""), Connection),
            GatewayRequests.Comment(key, "comment:h2-c", start.AddMinutes(1), "requester", source: Connection),
            GatewayRequests.Comment(key, "comment:h3-c", start.AddMinutes(2), "agent", isPublic: false, source: Connection),
            GatewayRequests.Event(key, Change("priority_changed", 3), "ticket.updated", start.AddMinutes(3), Data("""{"priority":"urgent"}"""), Connection),
            GatewayRequests.Event(key, Change("status_changed", 4), "ticket.updated", start.AddMinutes(4), Data("""{"status":"pending"}"""), Connection),
            GatewayRequests.Event(key, Change("status_changed", 5), "ticket.updated", start.AddMinutes(5), Data("""{"status":"open"}"""), Connection),
        ];

        foreach (var payload in zendesk.Reverse())
        {
            Assert.Equal((HttpStatusCode.Accepted, """{"accepted":1,"duplicates":0}"""), await PostZendeskAsync(http, payload));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostEventsAsync(new JsonArray([.. cloudEvents]))).Status);
        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":0,"duplicates":1}"""), await PostZendeskAsync(http, zendesk[3]));

        var viaZendesk = await SettledAsync(http, $"zendesk-eu:{zendeskTicket}");
        var viaCloudEvents = await SettledAsync(http, key);
        Assert.Equal(Renamed(viaCloudEvents.Ticket, cloudEventsTicket, zendeskTicket), viaZendesk.Ticket);
        Assert.Equal(Renamed(viaCloudEvents.Timeline, cloudEventsTicket, zendeskTicket), viaZendesk.Timeline);
        Assert.Contains("\"state\":\"breached\"", viaZendesk.Ticket, StringComparison.Ordinal);
        Assert.Contains("\"owner\":\"user:eva\"", viaZendesk.Ticket, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostZendeskAsync(HttpClient http, JsonNode payload)
    {
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        return await anonymous.PostZendeskAsync(Connection, payload, AdapterSiloFixture.Secret, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// <paramref name="text"/> with ticket id <paramref name="from"/> read as <paramref name="to"/>: only where the id
    /// stands alone, never inside a longer number (an event id such as <c>status_changed@1796455028</c> holds
    /// <c>502</c>).
    /// </summary>
    private static string Renamed(string text, string from, string to) =>
        Regex.Replace(text, $"(?<![0-9]){Regex.Escape(from)}(?![0-9])", to.Replace("$", "$$", StringComparison.Ordinal));

    private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>
    /// The ticket and its timeline once its escalation is raised, without what differs between two tickets of the same
    /// story: instants of emission (an owner change marks the instant it was decided), escalation ids and the
    /// elapsed time of clocks still running. The metrics keep every instant the story itself decides.
    /// </summary>
    private static async Task<(string Ticket, string Timeline)> SettledAsync(HttpClient http, string key)
    {
        var timeline = await Eventually.ValueAsync(
            () => http.GetFromJsonAsync<JsonObject>(new Uri($"/v1/tickets/{key}/timeline", UriKind.Relative))!,
            t => t!["entries"]!.AsArray().Any(e => (string?)e!["action"] == "escalation_raised"),
            TimeSpan.FromSeconds(30),
            $"the escalation of {key}");
        var ticket = (await Eventually.ValueAsync(
            () => http.GetFromJsonAsync<JsonObject>(new Uri($"/v1/tickets/{key}", UriKind.Relative)),
            t => t!["escalations"]!.AsArray().Count > 0,
            TimeSpan.FromSeconds(30),
            $"the escalation of {key} in the escalation index"))!;
        foreach (var metric in ticket["metrics"]!.AsArray().OfType<JsonObject>().Where(m => m["achievedAt"] is null))
        {
            metric.Remove("elapsed");
        }

        var entries = timeline!["entries"]!.AsArray().Select(e => $"{e!["action"]} {e["causedBy"]} {e["after"]}");
        return (Unstable().Replace(ticket.ToJsonString(), "~"), Unstable().Replace(string.Join('\n', entries), "~"));
    }

    [GeneratedRegex("\"at\":\"[^\"]*\",\"emittedAt\":\"[^\"]*\"|esc_[a-z2-7]{20}|\"nextWakeUp\":\"[^\"]*\"|\"dueAt\":\"[^\"]*\"")]
    private static partial Regex Unstable();
}

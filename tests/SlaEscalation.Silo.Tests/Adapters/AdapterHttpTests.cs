using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SlaEscalation.Testing;
using static SlaEscalation.Silo.Tests.Configuration.ConfigurationHttp;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>Helpdesk webhooks over HTTP on the real executable: signed, mapped and applied as CloudEvents would be.</summary>
public sealed partial class AdapterHttpTests(AdapterSiloFixture fixture) : IClassFixture<AdapterSiloFixture>
{
    private const string Connection = "zendesk-eu";

    private HttpClient Http => fixture.Silo.Http;

    /// <summary>A Zendesk request with no API key: the signature is its only credential.</summary>
    private async Task<(HttpStatusCode Status, string Body)> PostZendeskAsync(JsonNode payload, string secret = AdapterSiloFixture.Secret, DateTimeOffset? signedAt = null, string connection = Connection)
    {
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        return await anonymous.PostZendeskAsync(connection, payload, secret, signedAt ?? DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_zendesk_signed_story_gives_the_clocks_escalation_and_timeline_of_the_same_story_as_cloud_events()
    {
        // Whole seconds: the CloudEvents story carries microseconds, Zendesk's nanoseconds.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        JsonObject[] zendesk =
        [
            ZendeskRequests.Created("h1", "501", start, "HIGH", groupId: "100"),
            ZendeskRequests.Comment("h2", "501", start.AddMinutes(1), staff: false),
            ZendeskRequests.Comment("h3", "501", start.AddMinutes(2), staff: true, isPublic: false),
            ZendeskRequests.Changed("priority_changed", "h4", "501", start.AddMinutes(3), "HIGH", "URGENT"),
            ZendeskRequests.Changed("status_changed", "h5", "501", start.AddMinutes(4), "NEW", "PENDING"),
            ZendeskRequests.Changed("status_changed", "h6", "501", start.AddMinutes(5), "PENDING", "OPEN"),
        ];
        const string Key = "zendesk-eu:502";
        JsonObject[] cloudEvents =
        [
            GatewayRequests.Event(Key, "h1", "ticket.created", start, Data("""{"subject":"Printer on fire","requester":"7001","priority":"high","channel":"web_form","tags":["vip"],"team":"support-eu","status":"new"}"""), Connection),
            GatewayRequests.Comment(Key, "h2", start.AddMinutes(1), "requester", source: Connection),
            GatewayRequests.Comment(Key, "h3", start.AddMinutes(2), "agent", isPublic: false, source: Connection),
            GatewayRequests.Event(Key, "h4", "ticket.updated", start.AddMinutes(3), Data("""{"priority":"urgent"}"""), Connection),
            GatewayRequests.Event(Key, "h5", "ticket.updated", start.AddMinutes(4), Data("""{"status":"pending"}"""), Connection),
            GatewayRequests.Event(Key, "h6", "ticket.updated", start.AddMinutes(5), Data("""{"status":"open"}"""), Connection),
        ];

        foreach (var payload in zendesk.Reverse())
        {
            Assert.Equal((HttpStatusCode.Accepted, """{"accepted":1,"duplicates":0}"""), await PostZendeskAsync(payload));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostEventsAsync(new JsonArray([.. cloudEvents]))).Status);
        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":0,"duplicates":1}"""), await PostZendeskAsync(zendesk[3]));

        var viaZendesk = await SettledAsync("zendesk-eu:501");
        var viaCloudEvents = await SettledAsync(Key);
        Assert.Equal(viaCloudEvents.Ticket.Replace("502", "501", StringComparison.Ordinal), viaZendesk.Ticket);
        Assert.Equal(viaCloudEvents.Timeline.Replace("502", "501", StringComparison.Ordinal), viaZendesk.Timeline);
        Assert.Contains("\"state\":\"breached\"", viaZendesk.Ticket, StringComparison.Ordinal);
        Assert.Contains("\"owner\":\"user:eva\"", viaZendesk.Ticket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_an_old_timestamp_or_no_signature_gets_a_401_applies_nothing_and_is_recorded()
    {
        var payload = ZendeskRequests.Created("r1", "601", DateTimeOffset.UtcNow.AddMinutes(-1));
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        using var unsigned = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");

        var wrongSecret = await PostZendeskAsync(payload, secret: "not-the-secret");
        var replayed = await PostZendeskAsync(payload, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));
        using var noSignature = await anonymous.PostAsync(new Uri("/v1/adapters/zendesk/zendesk-eu", UriKind.Relative), unsigned);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], [wrongSecret.Status, replayed.Status, noSignature.StatusCode]);
        Assert.Contains("refused as a replay", replayed.Body, StringComparison.Ordinal);
        using var ticket = await Http.GetAsync(new Uri("/v1/tickets/zendesk-eu:601", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, ticket.StatusCode);
        var audit = await Http.GetFromJsonAsync<JsonObject>(new Uri("/v1/audit?actor=adapter:zendesk-eu&action=event_rejected", UriKind.Relative));
        Assert.True(audit!["entries"]!.AsArray().Count >= 3, audit.ToJsonString());
    }

    [Fact]
    public async Task Unknown_connections_and_kinds_get_404_probes_and_ignored_events_200_and_malformed_ones_400_naming_the_field()
    {
        var now = DateTimeOffset.UtcNow;
        var unknownConnection = await PostZendeskAsync(ZendeskRequests.Created("u1", "701", now), connection: "zendesk-us");
        using var unknownKind = await Http.PostAsync(new Uri("/v1/adapters/freshdesk/zendesk-eu", UriKind.Relative), Json("{}"));
        var brand = ZendeskRequests.Changed("brand_changed", "u2", "701", now, "1", "2");
        var noTicket = ZendeskRequests.Comment("u3", "701", now, staff: true);
        noTicket["detail"]!.AsObject().Remove("id");
        noTicket["event"]!["comment"]!["author"]!.AsObject().Remove("is_staff");

        var ignored = await PostZendeskAsync(brand);
        var malformed = await PostZendeskAsync(noTicket);
        using var probe = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/v1/adapters/zendesk/zendesk-eu", UriKind.Relative)));
        using var unknownProbe = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/v1/adapters/intercom/zendesk-eu", UriKind.Relative)));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], [unknownConnection.Status, unknownKind.StatusCode]);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (probe.StatusCode, unknownProbe.StatusCode));
        Assert.Equal((HttpStatusCode.OK, """{"ignored":1}"""), ignored);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        var problem = JsonNode.Parse(malformed.Body)!;
        Assert.Equal(["/detail/id"], problem["errors"]!.AsArray().Select(e => e!["pointer"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_connection_is_put_read_refused_by_path_and_deleted_through_the_configuration_api()
    {
        const string Body = """{"kind":"jira","priorities":{"Highest":"urgent"},"teams":{"10":"support-us"}}""";

        using var put = await PutAsync(Http, "/v1/connections/jsm-test", Body);
        using var get = await Http.GetAsync(new Uri("/v1/connections/jsm-test", UriKind.Relative));
        using var bad = await PutAsync(Http, "/v1/connections/jsm-test", """{"kind":"jira","statuses":{"Blocked":"stuck"},"teams":{"10":"nobody"}}""");
        using var badTeam = await PutAsync(Http, "/v1/connections/jsm-test", """{"kind":"jira","teams":{"10":"nobody"}}""");
        using var delete = await Http.DeleteAsync(new Uri("/v1/connections/jsm-test", UriKind.Relative));
        using var gone = await Http.GetAsync(new Uri("/v1/connections/jsm-test", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(Body, await get.Content.ReadAsStringAsync());
        Assert.Equal(["/statuses/Blocked"], await ErrorPathsAsync(bad));
        Assert.Equal(["/connections/jsm-test/teams/10"], await ErrorPathsAsync(badTeam));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (delete.StatusCode, gone.StatusCode));
    }

    private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>
    /// The ticket and its timeline once its escalation is raised, without what differs between two tickets of the same
    /// story: instants of emission (an owner change marks the instant it was decided), escalation ids and the
    /// elapsed time of clocks still running. The metrics keep every instant the story itself decides.
    /// </summary>
    private async Task<(string Ticket, string Timeline)> SettledAsync(string key)
    {
        var timeline = await Eventually.ValueAsync(
            () => Http.GetFromJsonAsync<JsonObject>(new Uri($"/v1/tickets/{key}/timeline", UriKind.Relative))!,
            t => t!["entries"]!.AsArray().Any(e => (string?)e!["action"] == "escalation_raised"),
            TimeSpan.FromSeconds(30),
            $"the escalation of {key}");
        var ticket = (await Http.GetFromJsonAsync<JsonObject>(new Uri($"/v1/tickets/{key}", UriKind.Relative)))!;
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

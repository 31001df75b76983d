using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;
using static SlaEscalation.Silo.Tests.Configuration.ConfigurationHttp;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>Helpdesk webhooks over HTTP on the real executable: signed, mapped and applied as CloudEvents would be.</summary>
public sealed class AdapterHttpTests(AdapterSiloFixture fixture) : IClassFixture<AdapterSiloFixture>
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
    public async Task A_zendesk_signed_story_gives_the_clocks_escalation_and_timeline_of_the_same_story_as_cloud_events() =>
        await SameStory.AssertAsync(Http, "501", "502");

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

    [Theory]
    [InlineData("text/plain", "a zendesk webhook is application/json (or a +json type), not 'text/plain'; nothing was applied")]
    [InlineData("application/x-www-form-urlencoded", "a zendesk webhook is application/json (or a +json type), not 'application/x-www-form-urlencoded'; nothing was applied")]
    [InlineData(null, "the body has no Content-Type: a zendesk webhook is application/json; nothing was applied")]
    public async Task A_signed_body_that_is_not_json_gets_a_415_naming_application_json_and_applies_nothing(string? mediaType, string detail)
    {
        var ticketId = "8" + Guid.NewGuid().ToString("N")[..6];
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        using var request = ZendeskRequests.Signed(Connection, ZendeskRequests.Created("m1", ticketId, DateTimeOffset.UtcNow.AddMinutes(-1)), AdapterSiloFixture.Secret, DateTimeOffset.UtcNow);
        request.Content!.Headers.ContentType = mediaType is null ? null : new(mediaType);

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(detail, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
        using var ticket = await Http.GetAsync(new Uri($"/v1/tickets/{Connection}:{ticketId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, ticket.StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/vnd.zendesk+json")]
    public async Task Json_with_a_charset_or_a_json_suffix_is_taken(string mediaType)
    {
        var ticketId = "9" + Guid.NewGuid().ToString("N")[..6];
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        using var request = ZendeskRequests.Signed(Connection, ZendeskRequests.Created("j1", ticketId, DateTimeOffset.UtcNow.AddMinutes(-1)), AdapterSiloFixture.Secret, DateTimeOffset.UtcNow);
        request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);

        using var response = await anonymous.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_vendor_ticket_id_with_a_slash_is_a_400_naming_it_since_its_ticket_key_could_never_be_read()
    {
        var slashed = await PostZendeskAsync(ZendeskRequests.Created("s1", "7/timeline", DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.True(slashed.Status == HttpStatusCode.BadRequest, slashed.Body);
        var error = Assert.Single(JsonNode.Parse(slashed.Body)!["errors"]!.AsArray())!;
        Assert.Equal("/detail/id", (string)error["pointer"]!);
        Assert.Contains("must not contain '/'", (string)error["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jira_service_management_body_over_an_hour_old_gets_a_401_as_a_replay_and_applies_nothing()
    {
        using var put = await PutAsync(Http, $"/v1/connections/{AdapterSiloFixture.JiraConnection}", """{"kind":"jira"}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        async Task<(HttpStatusCode Status, string Body)> PostAsync(string issue, DateTimeOffset at)
        {
            var body = new JsonObject
            {
                ["timestamp"] = at.ToUnixTimeMilliseconds(),
                ["webhookEvent"] = "jira:issue_created",
                ["issue"] = new JsonObject { ["id"] = issue, ["key"] = "SUP-" + issue, ["fields"] = new JsonObject { ["summary"] = "VPN down", ["priority"] = new JsonObject { ["name"] = "High" } } },
            }.ToJsonString();
            using var content = Json(body);
            content.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(
                System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(AdapterSiloFixture.JiraSecret), Encoding.UTF8.GetBytes(body))));
            using var response = await anonymous.PostAsync(new Uri($"/v1/adapters/jira/{AdapterSiloFixture.JiraConnection}", UriKind.Relative), content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var replayed = await PostAsync("801", DateTimeOffset.UtcNow.AddMinutes(-61));
        using var ticket = await Http.GetAsync(new Uri($"/v1/tickets/{AdapterSiloFixture.JiraConnection}:801", UriKind.Relative));
        var fresh = await PostAsync("802", DateTimeOffset.UtcNow.AddMinutes(-59));

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.Status);
        Assert.Matches("\"detail\":\"timestamp is 36[6-9]\\d s old; at most 3600 s is accepted; nothing was applied\"", replayed.Body);
        Assert.Equal(HttpStatusCode.NotFound, ticket.StatusCode);
        Assert.True(fresh.Status == HttpStatusCode.Accepted, fresh.Body);
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
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>
/// The current side of a simulation replays what happened live: the configuration versions as they were in force,
/// and the acknowledgements people gave. On the real executable in embedded mode.
/// </summary>
public sealed class SimulationHistoryTests
{
    private const string Runbook = """
        {"levels":[
          {"trigger":"at_risk","owner":"assignee","actions":["notify"],"ackWithin":"PT1M"},
          {"trigger":"unacknowledged_for PT15S","owner":"assignee","actions":["notify"],"ackWithin":"PT1M"}]}
        """;

    [Fact]
    public async Task A_breach_under_the_old_version_and_an_acknowledged_level_replay_as_they_happened()
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("simulation-history", "simulation-history", postgres: null));
        var http = silo.Http;
        await http.PutJsonAsync("/v1/runbooks/r", JsonNode.Parse(Runbook)!);
        await http.PutJsonAsync("/v1/policies", Policies("PT4S"));
        var key = "test:sim-history";
        var (status, body) = await http.PostEventsAsync(new JsonArray(GatewayRequests.Created(key, "created", DateTimeOffset.UtcNow, priority: "urgent", team: "support")));
        Assert.True(status == HttpStatusCode.Accepted, body);

        // Level 1 is raised when the 4-second first reply goes at risk; acknowledged at once, level 2 stands down.
        var escalation = await Eventually.ValueAsync(
            () => OnlyEscalationAsync(http, key), e => e is not null, TimeSpan.FromSeconds(30), "level 1 raised", e => $"{e}");
        using (var ack = await http.PostAsync(new Uri($"/v1/escalations/{escalation!.Value.GetProperty("id").GetString()}/ack", UriKind.Relative), Json("""{"by":"alice"}""")))
        {
            Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
        }

        // Past the instant level 2 would have been raised unacknowledged, then loosened to an hour.
        var raisedAt = escalation.Value.GetProperty("raisedAt").GetDateTimeOffset();
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > raisedAt.AddSeconds(16), TimeSpan.FromSeconds(30), "level 2 past due");
        var live = (await OnlyEscalationAsync(http, key))!.Value;
        await http.PutJsonAsync("/v1/policies", Policies("PT1H"));

        var row = await FirstReplyRowAsync(http, new JsonObject { ["policies"] = Policies("PT1H") });

        Assert.Equal(1, live.GetProperty("level").GetInt32());
        Assert.Contains("acknowledged", live.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.Equal((1, 0), (row.GetProperty("current").GetProperty("breaches").GetInt64(), row.GetProperty("candidate").GetProperty("breaches").GetInt64()));
        Assert.Equal("""{"1":1}""", row.GetProperty("current").GetProperty("escalations").GetRawText());
        Assert.Equal("{}", row.GetProperty("candidate").GetProperty("escalations").GetRawText());
    }

    private static JsonNode Policies(string firstReply) => JsonNode.Parse("""
        [{"id":"urgent","when":{"priority":["urgent"]},"targets":{"urgent":{"first_reply":{"target":"TARGET","calendar":"24x7"}}},
          "atRisk":{"first_reply":{"percent":50}},"runbook":"r"}]
        """.Replace("TARGET", firstReply, StringComparison.Ordinal))!;

    private static async Task<JsonElement?> OnlyEscalationAsync(HttpClient http, string key)
    {
        var page = await http.GetFromJsonAsync<JsonElement>(new Uri($"/v1/escalations?ticket={Uri.EscapeDataString(key)}", UriKind.Relative));
        return page.GetProperty("escalations").EnumerateArray().Select(e => (JsonElement?)e).SingleOrDefault();
    }

    private static async Task<JsonElement> FirstReplyRowAsync(HttpClient http, JsonObject candidate)
    {
        var to = DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var request = new JsonObject { ["candidate"] = candidate, ["from"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O", CultureInfo.InvariantCulture), ["to"] = to };
        using var started = await http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), Json(request.ToJsonString()));
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var done = await Eventually.ValueAsync(
            () => http.GetFromJsonAsync<JsonElement>(started.Headers.Location!),
            view => view.GetProperty("status").GetString() != "running",
            TimeSpan.FromSeconds(30),
            "simulation done",
            view => view.GetRawText());
        return done.GetProperty("result").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "first_reply");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>What-if simulations over HTTP on the real executable in embedded mode.</summary>
public sealed class SimulationApiTests(SimulationSiloFixture fixture) : IClassFixture<SimulationSiloFixture>
{
    /// <summary>The candidate gives urgent tickets 5 minutes to a first reply, as a YAML string holding only the policies.</summary>
    private const string FiveMinutes = """
        policies:
          - id: urgent
            when: { priority: [urgent] }
            targets: { urgent: { first_reply: { target: PT5M, calendar: 24x7 } } }
            atRisk: { first_reply: { percent: 50 } }
            runbook: r
        """;

    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task A_looser_first_reply_turns_one_of_two_breaches_into_an_on_time_reply()
    {
        using var started = await StartAsync(new JsonObject { ["candidate"] = FiveMinutes, ["from"] = Iso(fixture.CreatedAt.AddDays(-1)), ["to"] = Iso(DateTimeOffset.UtcNow) });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/v1/simulations/{id}", started.Headers.Location?.ToString());

        var done = await CompletedAsync(id);

        Assert.Equal((3, 3), (done.GetProperty("replayed").GetInt64(), done.GetProperty("total").GetInt64()));
        var row = done.GetProperty("result").GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("team").GetString() == "support" && r.GetProperty("metric").GetString() == "first_reply");
        Assert.Equal((2, 1), (row.GetProperty("current").GetProperty("breaches").GetInt64(), row.GetProperty("candidate").GetProperty("breaches").GetInt64()));
        Assert.Equal((1, 2), (row.GetProperty("current").GetProperty("achievedOnTime").GetInt64(), row.GetProperty("candidate").GetProperty("achievedOnTime").GetInt64()));
        Assert.Equal((120, 300), (row.GetProperty("current").GetProperty("targetSeconds").GetInt64(), row.GetProperty("candidate").GetProperty("targetSeconds").GetInt64()));
        Assert.Equal("test:sim-two", done.GetProperty("result").GetProperty("changed").EnumerateArray().Select(c => c.GetProperty("key").GetString()).Order().First());
    }

    [Fact]
    public async Task The_result_reads_as_markdown_and_as_a_page_with_inline_charts()
    {
        using var started = await StartAsync(new JsonObject { ["candidate"] = FiveMinutes, ["from"] = Iso(fixture.CreatedAt.AddDays(-1)), ["to"] = Iso(DateTimeOffset.UtcNow) });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await CompletedAsync(id);

        var markdown = await Http.GetStringAsync(new Uri($"/v1/simulations/{id}?format=markdown", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/simulations/{id}", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await Http.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("| support | first_reply | urgent | 2 → **1** |", markdown, StringComparison.Ordinal);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"breaches-candidate\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"changed\">2 &#x2192; 1</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_candidate_gets_every_error_by_pointer_and_starts_nothing()
    {
        var candidate = new JsonObject
        {
            ["policies"] = JsonNode.Parse("""[{"id":"p","targets":{"urgent":{"first_reply":{"target":"PT1H","calendar":"no-such-calendar"}}}}]"""),
            ["colour"] = "red",
        };

        using var response = await StartAsync(new JsonObject { ["candidate"] = candidate, ["from"] = "2026-01-01", ["to"] = Iso(DateTimeOffset.UtcNow) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["/candidate/colour", "/candidate/policies/0/targets/urgent/first_reply/calendar"],
            (await PointersAsync(response)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_team_neither_side_defines_gets_400_naming_it_and_the_unrouted_queue_is_taken()
    {
        var window = (From: Iso(fixture.CreatedAt.AddDays(-1)), To: Iso(DateTimeOffset.UtcNow));

        using var refused = await StartAsync(new JsonObject { ["candidate"] = FiveMinutes, ["from"] = window.From, ["to"] = window.To, ["teams"] = new JsonArray("unrouted", "unrouted", "no-such-team") });
        using var started = await StartAsync(new JsonObject { ["candidate"] = FiveMinutes, ["from"] = window.From, ["to"] = window.To, ["teams"] = new JsonArray("unrouted") });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = Assert.Single((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal(("/teams/2", "unknown team 'no-such-team'"), (error.GetProperty("pointer").GetString(), error.GetProperty("detail").GetString()![..27]));
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_key_given_twice_anywhere_in_the_body_or_the_candidate_text_gets_400_naming_it()
    {
        var to = Iso(DateTimeOffset.UtcNow);
        var body = $$"""
            {"candidate": {"policies": [], "policies": [{"id": "x", "id": "y", "targets": {} } ] },
             "from": "2026-01-01", "from": "{{Iso(fixture.CreatedAt.AddDays(-1))}}", "to": "{{to}}"}
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var duplicated = await Http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), content);
        using var inText = await StartAsync(new JsonObject { ["candidate"] = "policies: []\nteams: {}\npolicies: []\n", ["from"] = Iso(fixture.CreatedAt.AddDays(-1)), ["to"] = to });

        Assert.Equal(HttpStatusCode.BadRequest, duplicated.StatusCode);
        Assert.Equal(["/candidate/policies", "/from"], (await PointersAsync(duplicated)).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, inText.StatusCode);
        Assert.Equal(["/candidate/policies"], await PointersAsync(inText));
    }

    [Theory]
    [InlineData(400, 0, "/to")]
    [InlineData(10, -1, "/to")]
    [InlineData(-1, 0, "/to")]
    public async Task A_window_over_a_year_or_in_the_future_is_refused_naming_it(int fromDaysAgo, int toDaysAgo, string pointer)
    {
        var now = DateTimeOffset.UtcNow;

        using var response = await StartAsync(new JsonObject { ["candidate"] = FiveMinutes, ["from"] = Iso(now.AddDays(-fromDaysAgo)), ["to"] = Iso(now.AddDays(-toDaysAgo).AddMinutes(toDaysAgo < 0 ? 0 : -1)) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([pointer], await PointersAsync(response));
    }

    [Fact]
    public async Task An_unknown_simulation_is_a_404_to_read_and_to_cancel()
    {
        using var read = await Http.GetAsync(new Uri("/v1/simulations/sim_aaaaaaaaaaaaaaaaaaaa", UriKind.Relative));
        using var cancel = await Http.DeleteAsync(new Uri("/v1/simulations/sim_aaaaaaaaaaaaaaaaaaaa", UriKind.Relative));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, cancel.StatusCode));
    }

    [Fact]
    public async Task A_cancelled_simulation_stays_stopped()
    {
        using var started = await StartAsync(new JsonObject { ["candidate"] = FiveMinutes, ["from"] = Iso(fixture.CreatedAt.AddDays(-1)), ["to"] = Iso(DateTimeOffset.UtcNow) });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var cancelled = await Http.DeleteAsync(new Uri($"/v1/simulations/{id}", UriKind.Relative));
        var status = (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
        var later = (await Http.GetFromJsonAsync<JsonElement>(new Uri($"/v1/simulations/{id}", UriKind.Relative))).GetProperty("status").GetString();

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains(status, new[] { "cancelled", "completed" });
        Assert.Equal(status, later);
    }

    private async Task<HttpResponseMessage> StartAsync(JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await Http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), content);
    }

    private Task<JsonElement> CompletedAsync(string id) => Eventually.ValueAsync(
        () => Http.GetFromJsonAsync<JsonElement>(new Uri($"/v1/simulations/{id}", UriKind.Relative)),
        view => view.GetProperty("status").GetString() != "running",
        TimeSpan.FromSeconds(30),
        $"simulation {id} done",
        view => view.GetRawText());

    private static async Task<string[]> PointersAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()!)];

    // To the tick: a window cut to the second could end before the fixture's configuration changes of the same second.
    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>One durable silo on PostgreSQL that has been sent the scripted day, shared by the HTTP digest tests.</summary>
public sealed class DigestSiloFixture : IAsyncLifetime
{
    public DigestScenario Scenario { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public string Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("digesthttp");
        Silo = await SiloProcess.StartAsync(SiloProcess.Environment("silo-digest", "dg-" + Guid.NewGuid().ToString("N")[..8], Database));
        await DigestScenario.ConfigureAsync(Silo.Http);
        foreach (var step in Scenario.Steps)
        {
            await DigestScenario.PostAsync(Silo.Http, step);
        }

        await Scenario.AgePausedTicketAsync(Database);
        await Scenario.SettledAsync(Silo.Http);
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>
/// <c>GET /v1/digests/{team}/{date}</c> over HTTP on a real silo and PostgreSQL: the scripted day's hand-counted
/// figures as JSON, Markdown and HTML, and every bad request answered with a problem, never a 5xx.
/// </summary>
public sealed partial class DigestHttpTests(DigestSiloFixture fixture) : IClassFixture<DigestSiloFixture>
{
    private DigestScenario Scenario => fixture.Scenario;

    [Fact]
    public async Task The_json_digest_of_each_team_holds_exactly_the_hand_counted_figures()
    {
        var (ny, tokyo) = await Scenario.SettledAsync(fixture.Silo.Http);

        Assert.Equal(Scenario.NyAt(0, 0), ny.From);
        Assert.Equal(Scenario.NyAt(1, 0), ny.To);
        Assert.Equal(Scenario.TkAt(1, 0), tokyo.PublishAt);
        Assert.Null(ny.PublishedAt);
        using var response = await fixture.Silo.Http.GetAsync(new Uri($"/v1/digests/desk-ny/{Scenario.NyDate}", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task The_markdown_digest_says_the_same_figures_in_tables_and_lists_with_links_to_the_tickets()
    {
        var (status, type, md) = await GetAsync("desk-ny", Scenario.NyDate, "text/markdown");

        Assert.Equal((HttpStatusCode.OK, "text/markdown"), (status, type));
        var expectedLines = new[]
        {
            $"# SLA digest: desk-ny, {Scenario.NyDate}",
            "| New tickets | 5 |",
            "| Solved tickets | 3 |",
            "| Open backlog | 6 |",
            "| At risk now | 1 |",
            "| Breaches | 3 |",
            "| Escalations raised | 0 |",
            "| Engineering tasks closed | 0 |",
            "| < 1 day | 1-3 days | 3-7 days | > 7 days |",
            "| 1 | 3 | 1 | 1 |",
            "| Metric | urgent | normal | Total |",
            "| first_reply | 1 | 1 | 2 |",
            "| resolution | 1 | 0 | 1 |",
            "| first_reply | 3 | 1 | 2 | 60% |",
            "| resolution | 0 | 0 | 1 | 0% |",
            "### Unassigned past the team's limit (1)",
            "### Paused for 2 days or more (1)",
            "### Breached and still open (1)",
            "### Acknowledgement timeouts (0)",
            "### Reopened (1)",
            "### Rejected events (0)",
            "### Failed deliveries (0)",
        };
        var lines = md.Split('\n');
        Assert.All(expectedLines, line => Assert.Contains(line, lines));
        Assert.Contains($"| [{Scenario.K("ny2")}](/v1/tickets/{Uri.EscapeDataString(Scenario.K("ny2"))}) | first_reply | urgent |", md, StringComparison.Ordinal);
        Assert.Contains($"- [{Scenario.K("ny6")}](/v1/tickets/{Uri.EscapeDataString(Scenario.K("ny6"))})", md, StringComparison.Ordinal);

        var (_, _, tokyo) = await GetAsync("desk-tokyo", Scenario.TokyoDate, "text/markdown");
        var tokyoLines = tokyo.Split('\n');
        Assert.All(
            ["| New tickets | 4 |", "| Solved tickets | 3 |", "| Open backlog | 3 |", "| At risk now | 0 |", "| 0 | 3 | 0 | 0 |",
                "| Metric | urgent | high | normal | Total |", "| first_reply | 0 | 1 | 1 | 2 |", "| first_reply | 2 | 2 | 2 | 50% |",
                "### Breached and still open (2)"],
            line => Assert.Contains(line, tokyoLines));
    }

    [Fact]
    public async Task The_html_digest_reads_on_its_own_summary_first_with_charts_tables_and_ticket_links()
    {
        var (status, type, html) = await GetAsync("desk-ny", Scenario.NyDate, "text/html");

        Assert.Equal((HttpStatusCode.OK, "text/html"), (status, type));
        var figures = Figure().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["new"] = "5", ["solved"] = "3", ["open"] = "6", ["at_risk_now"] = "1", ["breaches"] = "3",
                ["escalations_raised"] = "0", ["escalations_acknowledged"] = "0", ["escalations_unacknowledged"] = "0",
                ["tasks_opened"] = "0", ["tasks_closed"] = "0",
                ["breaches:first_reply:urgent"] = "1", ["breaches:first_reply:normal"] = "1", ["breaches:first_reply"] = "2",
                ["breaches:resolution:urgent"] = "1", ["breaches:resolution:normal"] = "0", ["breaches:resolution"] = "1",
                ["achievement:first_reply:on_time"] = "3", ["achievement:first_reply:late"] = "1",
                ["achievement:first_reply:breached"] = "2", ["achievement:first_reply:rate"] = "60%",
                ["achievement:resolution:on_time"] = "0", ["achievement:resolution:late"] = "0",
                ["achievement:resolution:breached"] = "1", ["achievement:resolution:rate"] = "0%",
                ["exception:unassigned_past_limit"] = "1", ["exception:paused_for_days"] = "1", ["exception:breached_still_open"] = "1",
                ["exception:acknowledgement_timeouts"] = "0", ["exception:reopened"] = "1", ["exception:rejected_events"] = "0",
                ["exception:failed_deliveries"] = "0",
            },
            figures);
        Assert.True(html.IndexOf("data-figure=\"new\"", StringComparison.Ordinal) < html.IndexOf("<svg", StringComparison.Ordinal), "summary numbers come first");
        Assert.Contains("data-chart=\"breaches-by-metric\"", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"backlog-aging\"", html, StringComparison.Ordinal);
        Assert.Equal(["first_reply:2", "resolution:1", "< 1 day:1", "1-3 days:3", "3-7 days:1", "> 7 days:1"],
            Bar().Matches(html).Select(m => $"{System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)}:{m.Groups[2].Value}"));
        Assert.Contains($"<a href=\"/v1/tickets/{Uri.EscapeDataString(Scenario.K("ny3"))}\">{Scenario.K("ny3")}</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_naming_what_is_wrong_never_a_5xx()
    {
        await AssertProblemAsync("desk-ny", Scenario.NyDate, "application/xml", HttpStatusCode.NotAcceptable, "application/json, text/html, text/markdown");
        await AssertProblemAsync("desk-ny", "2026-13-01", null, HttpStatusCode.BadRequest, "yyyy-MM-dd");
        await AssertProblemAsync("desk-ny", "yesterday", null, HttpStatusCode.BadRequest, "yyyy-MM-dd");
        await AssertProblemAsync("no-such-team", Scenario.NyDate, null, HttpStatusCode.NotFound, "no team 'no-such-team'");

        // Midnight of the first day of year 1 in Tokyo is no instant at all: the day is refused as a date first.
        await AssertProblemAsync("desk-tokyo", "0001-01-01", null, HttpStatusCode.NotFound, "0001-01-01 is before");
        using var ancientRecount = await fixture.Silo.Http.PostAsync(new Uri("/v1/digests/desk-tokyo/0001-01-01/reconcile", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, ancientRecount.StatusCode);
        await AssertProblemAsync("desk-ny", Scenario.NyDay.PlusDays(4).ToString("yyyy-MM-dd", null), null, HttpStatusCode.NotFound, "has not begun in America/New_York");

        using var reader = new HttpClient { BaseAddress = fixture.Silo.Http.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);
        using var forbidden = await reader.GetAsync(new Uri($"/v1/digests/desk-ny/{Scenario.NyDate}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = fixture.Silo.Http.BaseAddress };
        using var unauthorized = await anonymous.GetAsync(new Uri($"/v1/digests/desk-ny/{Scenario.NyDate}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        using var reconcileByReader = await reader.PostAsync(new Uri($"/v1/digests/desk-ny/{Scenario.NyDate}/reconcile", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, reconcileByReader.StatusCode);
    }

    [Theory]
    [InlineData("{\"from\" 1}", "the body is not valid JSON: '1' is invalid after a property name. Expected a ':'. LineNumber: 0 | BytePositionInLine: 8.")]
    [InlineData("{\"force\": true}", "/force: unknown field; this request takes no fields: send no body or {}")]
    [InlineData("[]", "the body must be a JSON object")]
    public async Task A_recount_with_a_body_that_is_not_an_empty_json_object_is_a_400_saying_where_it_breaks(string body, string problem)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await fixture.Silo.Http.PostAsync(new Uri($"/v1/digests/desk-tokyo/{Scenario.TokyoDate}/reconcile", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(problem, (string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
    }

    [Fact]
    public async Task A_recount_over_http_finds_nothing_missing_and_leaves_the_figures_as_they_were()
    {
        using var response = await fixture.Silo.Http.PostAsync(new Uri($"/v1/digests/desk-tokyo/{Scenario.TokyoDate}/reconcile", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/v1/digests/desk-tokyo/{Scenario.TokyoDate}", response.Headers.Location?.OriginalString);
        var started = (await response.Content.ReadFromJsonAsync<DigestReconcileStatus>())!;

        var status = await DigestFailoverTests.UntilRecountedAsync(fixture.Silo.Http, DigestScenario.Tokyo, Scenario.TokyoDate, started.StartedAt);

        Assert.Equal(0, status.FactsRecovered);
        Assert.True(status.TicketsExamined >= 5, $"{status.TicketsExamined} tickets read");
        Scenario.AssertTokyo(await DigestScenario.ReadAsync(fixture.Silo.Http, DigestScenario.Tokyo, Scenario.TokyoDate));
    }

    [Fact]
    public async Task A_read_of_an_unchanged_digest_with_its_etag_is_not_modified_and_a_changed_one_comes_with_a_new_etag()
    {
        // A day of New York's no other test reads; its first reads start a measurement, so wait until it holds still.
        var date = Scenario.NyDay.PlusDays(-1).ToString("yyyy-MM-dd", null);
        var clock = Stopwatch.StartNew();
        var (status, etag, body) = await ReadAsync(date, "application/json", null);
        var notModified = await Eventually.ValueAsync(
            async () =>
            {
                var again = await ReadAsync(date, "application/json", etag);
                if (again.Status != HttpStatusCode.NotModified)
                {
                    (status, etag, body) = again;
                }

                return again;
            },
            again => again.Status == HttpStatusCode.NotModified,
            TimeSpan.FromSeconds(30),
            $"the digest of {date} to hold still",
            again => $"still {again.Status} with {again.ETag}",
            TimeSpan.FromMilliseconds(500));
        Assert.Equal((etag, ""), (notModified.ETag, notModified.Body));

        Assert.Equal(HttpStatusCode.OK, status);

        // The HTML of the same version has an etag of its own. The digest may still move on between two reads (its
        // measurement is refreshed while it is read): then both formats are read again, until a pair holds still.
        await Eventually.TrueAsync(
            async () =>
            {
                var html = await ReadAsync(date, "text/html", etag);
                Assert.Equal(HttpStatusCode.OK, html.Status);
                Assert.NotEqual(etag, html.ETag);
                if ((await ReadAsync(date, "text/html", html.ETag)).Status == HttpStatusCode.NotModified)
                {
                    return true;
                }

                (status, etag, body) = await ReadAsync(date, "application/json", null);
                return false;
            },
            TimeSpan.FromSeconds(60) - clock.Elapsed,
            $"the HTML of {date} to hold still",
            pace: TimeSpan.FromMilliseconds(500));

        // A recount changes what the digest shows (its status): the old etag no longer holds, and the bytes are new.
        using var response = await fixture.Silo.Http.PostAsync(new Uri($"/v1/digests/desk-ny/{date}/reconcile", UriKind.Relative), null);
        var started = (await response.Content.ReadFromJsonAsync<DigestReconcileStatus>())!;
        await DigestFailoverTests.UntilRecountedAsync(fixture.Silo.Http, DigestScenario.Ny, date, started.StartedAt);
        var changed = await ReadAsync(date, "application/json", etag);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.NotEqual(etag, changed.ETag);
        Assert.DoesNotContain("\"reconcile\":{", body, StringComparison.Ordinal);
        Assert.Contains($"\"reconcile\":{{\"startedAt\":", changed.Body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string? ETag, string Body)> ReadAsync(string date, string accept, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/digests/desk-ny/{date}", UriKind.Relative));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        using var response = await fixture.Silo.Http.SendAsync(request);
        return (response.StatusCode, response.Headers.ETag?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> GetAsync(string team, string date, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/digests/{team}/{date}", UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        using var response = await fixture.Silo.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertProblemAsync(string team, string date, string? accept, HttpStatusCode expected, string detail)
    {
        var (status, type, body) = await GetAsync(team, date, accept);
        Assert.Equal((expected, "application/problem+json"), (status, type));
        Assert.Contains(detail, body, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-figure=\"([^\"]+)\">(?:<div class=\"value\">)?([^<]*)<")]
    private static partial Regex Figure();

    [GeneratedRegex("data-bar=\"([^\"]+)\">([0-9]+)<")]
    private static partial Regex Bar();
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>The embedded default over real HTTP: health probes open, operator surfaces behind a key.</summary>
public sealed class HttpSurfaceTests : IAsyncLifetime
{
    private SiloProcess silo = null!;

    public async Task InitializeAsync() =>
        silo = await SiloProcess.StartAsync(SiloProcess.Environment("embedded", "embedded", postgres: null));

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_a_key(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/health/live")]
    [InlineData("DELETE", "/health/ready")]
    public async Task Health_endpoints_answer_only_get_and_head(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET, HEAD"), (response.StatusCode, string.Join(", ", response.Content.Headers.Allow)));
    }

    [Fact]
    public void Embedded_mode_says_at_start_that_clocks_are_not_durable()
    {
        Assert.Contains("SLA clocks are NOT durable", silo.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard/", "Basic realm=\"SlaEscalation\", ApiKey header=\"X-Api-Key\"")]
    [InlineData("/v1/ops/silos", "ApiKey header=\"X-Api-Key\"")]
    [InlineData("/v1/tickets/zendesk:1", "ApiKey header=\"X-Api-Key\"")]
    public async Task A_missing_key_is_a_problem_with_a_browser_login_challenge_only_under_the_dashboard(string path, string challenge)
    {
        using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("An API key is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_login_opens_the_dashboard_only_never_the_api()
    {
        using var browser = BrowserLogin();

        using var api = await browser.GetAsync(new Uri("/v1/ops/silos", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", api.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/v1/ops/silos")]
    public async Task Operator_surfaces_refuse_a_key_without_the_operator_scope(string path)
    {
        using var reader = new HttpClient { BaseAddress = silo.Http.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);

        using var response = await reader.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lacks the scope this endpoint needs: operator", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused()
    {
        using var wrong = new HttpClient { BaseAddress = silo.Http.BaseAddress };
        wrong.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.OperatorKey + "0");

        using var response = await wrong.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The API key is not recognised.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", "", "application/x-www-form-urlencoded", 415)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", "by=mallory", "application/x-www-form-urlencoded", 415)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/resolve", "", "text/plain", 415)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/handoff", "", "multipart/form-data; boundary=x", 415)]
    [InlineData("PATCH", "/v1/tasks/task_aaaaaaaaaaaaaaaaaaaa", "", "application/x-www-form-urlencoded", 415)]
    [InlineData("POST", "/v1/digests/unrouted/2026-01-05/reconcile", "", "application/x-www-form-urlencoded", 415)]
    [InlineData("POST", "/v1/digests/unrouted/2026-01-05/reconcile", "", "text/plain", 415)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", "", "application/json", 404)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", "{}", "application/json; charset=utf-8", 404)]
    public async Task A_command_acts_only_on_json_or_no_body_so_a_form_cannot_act(string method, string path, string body, string mediaType, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", """{"by":"mallory"}""", false, 415)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/handoff", """{"to":"user:mallory","reason":"x"}""", true, 415)]
    [InlineData("PATCH", "/v1/tasks/task_aaaaaaaaaaaaaaaaaaaa", """{"status":"done"}""", false, 415)]
    [InlineData("POST", "/v1/digests/unrouted/2026-01-05/reconcile", "{}", false, 415)]
    [InlineData("POST", "/v1/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", "", false, 404)]
    public async Task A_command_with_a_body_but_no_media_type_is_415_and_only_no_body_at_all_may_act(string method, string path, string body, bool chunked, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Headers.TransferEncodingChunked = chunked;
        Assert.Null(request.Content.Headers.ContentType);

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_dashboard_opens_for_an_operator_through_a_browser_login()
    {
        using var browser = BrowserLogin();

        using var response = await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not json", "application/json")]
    [InlineData("{\"dueInSeconds\": \"soon\"}", "application/json")]
    [InlineData("{\"dueInSeconds\": 0}", "application/json")]
    [InlineData("{\"dueInSeconds\": 86401}", "application/json")]
    [InlineData("{}", "application/json")]
    public async Task A_bad_clock_probe_request_gets_a_400_problem(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await silo.Http.PutAsync(new Uri("/v1/ops/clock-probes/bad", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bad_clock_probe_id_gets_a_400_problem_naming_it()
    {
        using var response = await silo.Http.GetAsync(new Uri("/v1/ops/clock-probes/has.dots", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'has.dots' is not a probe id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clock_probe_never_armed_is_a_404_problem_naming_it()
    {
        using var response = await silo.Http.GetAsync(new Uri("/v1/ops/clock-probes/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No clock probe 'nope' was armed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard/HistoricalStats/nope")]
    [InlineData("/dashboard/SiloProperties/nope")]
    [InlineData("/dashboard/SiloMetadata/127.0.0.1:1@1")]
    [InlineData("/dashboard/SiloCounters/nope/extra")]
    [InlineData("/dashboard/HistoricalStats/127.0.0.1:1@1")]
    [InlineData("/dashboard/SiloStats/nope")]
    public async Task A_dashboard_page_of_no_silo_is_a_404_problem_naming_it_and_still_needs_the_key(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };

        using var response = await silo.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var withoutKey = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json", HttpStatusCode.Unauthorized),
            (response.StatusCode, response.Content.Headers.ContentType?.MediaType, withoutKey.StatusCode));
        Assert.Contains("is not an active silo of this cluster", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_page_of_an_active_silo_still_answers()
    {
        // The dashboard lists its silos once its collector has run, a few seconds after the silo started.
        var address = await Eventually.ValueAsync(
            async () =>
            {
                using var counters = await silo.Http.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
                var hosts = System.Text.Json.Nodes.JsonNode.Parse(await counters.Content.ReadAsStringAsync())!["hosts"]!.AsArray();
                return hosts.Count > 0 ? (string?)hosts[0]!["siloAddress"] : null;
            },
            found => found is not null, TimeSpan.FromSeconds(30), "the dashboard to list its silo");

        using var response = await silo.Http.GetAsync(new Uri("/dashboard/SiloProperties/" + address, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A client that sends the operator key as a browser's Basic login does.</summary>
    private HttpClient BrowserLogin()
    {
        var browser = new HttpClient { BaseAddress = silo.Http.BaseAddress };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + SiloProcess.OperatorKey)));
        return browser;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace SlaEscalation.Silo.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes a silo's management port while tickets breach, and its HTTP API then holds the breach
/// count and the detection lag histogram with one sample per breach.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const int Tickets = 5;

    [Fact]
    public async Task Prometheus_scraping_the_management_port_counts_five_breaches_and_five_lag_samples()
    {
        var managementPort = FreePorts.Next();
        var environment = SiloProcess.Environment("metrics", "metrics-" + Guid.NewGuid().ToString("N")[..8], postgres: null);
        environment["Management__Port"] = managementPort.ToString(CultureInfo.InvariantCulture);
        environment["Management__ListenAddress"] = "127.0.0.1";
        await using var silo = await SiloProcess.StartAsync(environment);
        await using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{managementPort}");
        await silo.Http.PutJsonAsync("/v1/policies", new JsonArray(new JsonObject
        {
            ["id"] = "all",
            ["targets"] = new JsonObject { ["high"] = new JsonObject { ["first_reply"] = new JsonObject { ["target"] = "PT1H", ["calendar"] = "24x7" } } },
        }));

        // Created two hours ago with a one-hour target: each breach is found on ingest, an hour after its deadline.
        var created = DateTimeOffset.UtcNow.AddHours(-2);
        var batch = new JsonArray(Enumerable.Range(0, Tickets)
            .Select(i => (JsonNode)GatewayRequests.Created($"metrics:{Guid.NewGuid():N}", "created", created))
            .ToArray());
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(batch)).Status);

        await Eventually.TrueAsync(
            async () => await prometheus.QueryAsync("sum(sla_transitions_total{kind=\"breached\"})") == Tickets,
            TimeSpan.FromSeconds(60), "five breaches in Prometheus", () => prometheus.Output + silo.Output, retryOn: ex => ex is HttpRequestException);
        Assert.Equal(Tickets, await prometheus.QueryAsync("sum(sla_detection_lag_seconds_count{kind=\"breached\",metric=\"first_reply\",priority=\"high\"})"));
        Assert.Equal(Tickets, await prometheus.QueryAsync("sum(sla_detection_lag_seconds_bucket{kind=\"breached\",le=\"+Inf\"})"));
        Assert.InRange((await prometheus.QueryAsync("sum(sla_detection_lag_seconds_sum{kind=\"breached\"})"))!.Value, Tickets * 3600.0, Tickets * 3660.0);
        Assert.Equal(Tickets, await prometheus.QueryAsync("sum(sla_events_ingested_total)"));

        // Every query of the Grafana dashboard parses and evaluates here.
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "sla-escalation.json")))!;
        var queries = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => ((string)t!["expr"]!).Replace("$team", ".*", StringComparison.Ordinal).Replace("$job", ".*", StringComparison.Ordinal)).ToArray();
        Assert.Equal(queries.Select(q => "success " + q), await Task.WhenAll(queries.Select(prometheus.StatusOfAsync)));
    }

    [Fact]
    public async Task The_management_port_serves_metrics_alone_and_the_api_port_never_serves_them()
    {
        var managementPort = FreePorts.Next();
        var environment = SiloProcess.Environment("metrics-doors", "metrics-doors-" + Guid.NewGuid().ToString("N")[..8], postgres: null);
        environment["Management__Port"] = managementPort.ToString(CultureInfo.InvariantCulture);
        environment["Management__ListenAddress"] = "127.0.0.1";
        await using var silo = await SiloProcess.StartAsync(environment);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        management.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.OperatorKey);

        using var metrics = await management.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("sla_configuration_version", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);

        using var head = await management.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var refused = await management.SendAsync(new HttpRequestMessage(method, new Uri("/metrics", UriKind.Relative)));
            Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET, HEAD"), (refused.StatusCode, string.Join(", ", refused.Content.Headers.Allow)));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync(new Uri("/v1/tickets", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }
}

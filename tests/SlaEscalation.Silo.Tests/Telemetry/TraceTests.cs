using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OpenTelemetry.Trace;
using SlaEscalation.Silo.Tests.Notifications;

namespace SlaEscalation.Silo.Tests.Telemetry;

/// <summary>
/// With tracing on, one trace runs from <c>POST /v1/events</c> through the ticket grain, across the event bus to the
/// follower, and out to the webhook receiver, read from the OpenTelemetry in-memory exporter.
/// </summary>
public sealed class TraceTests
{
    [Fact]
    public async Task A_breach_found_on_ingest_is_one_trace_from_the_request_to_the_outbound_webhook()
    {
        var spans = new List<Activity>();
        var secrets = new Dictionary<string, string> { ["everything"] = "trace-secret-" + Guid.NewGuid().ToString("N") };
        await using var receiver = await WebhookReceiver.StartAsync(secrets);
        var silo = await NotificationSilo.StartAsync(
            "traces-" + Guid.NewGuid().ToString("N")[..8],
            postgres: null,
            [.. NotificationSilo.Webhook(0, "everything", receiver.UrlOf("everything"), secrets["everything"]), "--Telemetry:Tracing=true"],
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        try
        {
            using var http = silo.HttpClient();
            await http.PutJsonAsync("/v1/policies", new JsonArray(new JsonObject
            {
                ["id"] = "all",
                ["targets"] = new JsonObject { ["high"] = new JsonObject { ["first_reply"] = new JsonObject { ["target"] = "PT1H", ["calendar"] = "24x7" } } },
            }));

            // Created two hours ago with a one-hour target: the breach is emitted while the request is handled.
            var key = $"trace:{Guid.NewGuid():N}";
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostEventsAsync(GatewayRequests.Created(key, "created", DateTimeOffset.UtcNow.AddHours(-2)))).Status);

            var receiverAddress = receiver.UrlOf("everything").Authority;
            var trace = await Eventually.ValueAsync(
                () => Task.FromResult(TraceOfRequest(spans.ToArray())),
                t => t.Any(s => s.DisplayName == "follow sla.breached")
                    && t.Count(s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full") is string url && url.Contains(receiverAddress, StringComparison.Ordinal)) >= 2,
                TimeSpan.FromSeconds(30),
                "the breach's follower and webhook calls in the request's trace",
                t => string.Join("; ", spans.ToArray().Select(s => $"{s.Source.Name}:{s.DisplayName}:{s.TraceId}")),
                retryOn: ex => ex is InvalidOperationException or ArgumentException);

            Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.DisplayName.Contains("ITicketGrain/ApplyAsync", StringComparison.Ordinal));
            Assert.Contains(trace, s => s.Source.Name == "SlaEscalation" && s.DisplayName == "follow sla.breached");
            Assert.Contains(trace, s => s.Source.Name == "SlaEscalation" && s.DisplayName == "deliver webhook:everything");
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    /// <summary>The spans sharing the trace of the <c>POST /v1/events</c> request; none before it has ended.</summary>
    private static Activity[] TraceOfRequest(Activity[] spans) =>
        spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /v1/events") is { } request
            ? spans.Where(s => s.TraceId == request.TraceId).ToArray()
            : [];
}

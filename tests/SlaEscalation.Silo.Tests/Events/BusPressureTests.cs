using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Grains;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Events;

/// <summary>While the event bus refuses items, the gateway refuses new events with 503 and Retry-After, applying none.</summary>
public sealed class BusPressureTests
{
    [Fact]
    public async Task Events_posted_while_the_bus_is_full_get_503_with_Retry_After_and_are_applied_only_when_resent_later()
    {
        string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var http = Port();
        var cluster = "pressure-" + Guid.NewGuid().ToString("N")[..8];
        var app = await SiloApplication.BuildAsync(
        [
            $"--Cluster:ClusterId={cluster}",
            $"--Cluster:ServiceId={cluster}",
            $"--Cluster:SiloName={cluster}",
            $"--Cluster:SiloPort={Port()}",
            $"--Cluster:GatewayPort={Port()}",
            $"--Http:Port={http}",
            "--Http:ListenAddress=127.0.0.1",
            "--Sla:SampleConfiguration=false",
            "--Auth:ApiKeys:0:Name=adapter",
            $"--Auth:ApiKeys:0:Key={SiloProcess.OperatorKey}",
            "--Auth:ApiKeys:0:Scopes=events:write,tickets:read",
        ]);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            client.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.OperatorKey);
            var created = GatewayRequests.Created("pressure:1", "created-1", DateTimeOffset.UtcNow.AddMinutes(-1));

            // As a ticket does when the bus's queue is full.
            app.Services.GetRequiredService<EventBusPressure>().Refused();
            using (var refused = await client.PostAsync(new Uri("/v1/events", UriKind.Relative), Json(created)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Event bus saturated", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                var retryAfter = refused.Headers.RetryAfter?.Delta;
                Assert.NotNull(retryAfter);
                Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), EventBusPressure.Hold);
            }

            using (var read = await client.GetAsync(new Uri("/v1/tickets/pressure:1", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            }

            // Once the hold has passed, the same request is taken.
            await Task.Delay(EventBusPressure.Hold + TimeSpan.FromMilliseconds(200));
            var (status, body) = await client.PostEventsAsync(created);
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Contains("\"accepted\":1", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonNode body) =>
        new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/cloudevents+json");
}

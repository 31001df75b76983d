using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>The embedded default starts with the walkthrough's sample configuration; the README's first step works.</summary>
public sealed class SampleConfigurationTests
{
    [Fact]
    public async Task An_embedded_silo_starts_with_the_sample_and_routes_an_urgent_ticket_to_the_walkthrough_policy()
    {
        var environment = SiloProcess.Environment("silo-sample", "sample-" + Guid.NewGuid().ToString("N")[..6], null);
        environment.Remove("Sla__SampleConfiguration");
        await using var silo = await SiloProcess.StartAsync(environment);

        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/v1/runbooks/walkthrough")).StatusCode);
        var created = DateTimeOffset.UtcNow;
        var ticket = GatewayRequests.Created("helpdesk:1001", "evt-1", created, priority: "urgent");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(ticket)).Status);

        var view = (await silo.Http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:1001"))!;
        Assert.Equal("walkthrough-urgent", (string?)view["policyId"]);
        Assert.Equal("support", (string?)view["owner"]!["team"]);
        Assert.Contains((string?)view["owner"]!["agent"], new[] { "alice", "bob" });
        var firstReply = view["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "first_reply")!;
        Assert.Equal(created.AddMinutes(2).ToUnixTimeSeconds(), ((DateTimeOffset)firstReply["deadline"]!).ToUnixTimeSeconds());
        Assert.Contains("Sample configuration loaded", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_durable_store_never_gets_the_sample()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("nosample");
        var environment = SiloProcess.Environment("silo-nosample", "nosample-" + Guid.NewGuid().ToString("N")[..6], database);
        environment.Remove("Sla__SampleConfiguration");
        await using var silo = await SiloProcess.StartAsync(environment);

        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/v1/runbooks/walkthrough")).StatusCode);
    }
}

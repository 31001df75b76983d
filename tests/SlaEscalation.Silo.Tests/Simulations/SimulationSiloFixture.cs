using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>
/// One embedded silo whose one policy gives urgent tickets 2 minutes to a first reply on 24x7 (at risk at half), with
/// a one-level runbook, holding three urgent tickets of team support created two hours ago, replied to after 1, 3
/// and 10 minutes.
/// </summary>
public sealed class SimulationSiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow.AddHours(-2);

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(SiloProcess.Environment("simulations", "simulations", postgres: null));
        await Silo.Http.PutJsonAsync("/v1/runbooks/r", JsonNode.Parse("""{"levels":[{"trigger":"at_risk","owner":"assignee","actions":["notify"],"ackWithin":"PT1M"}]}""")!);
        await Silo.Http.PutJsonAsync("/v1/policies", JsonNode.Parse("""
            [{"id":"urgent","when":{"priority":["urgent"]},"targets":{"urgent":{"first_reply":{"target":"PT2M","calendar":"24x7"}}},
              "atRisk":{"first_reply":{"percent":50}},"runbook":"r"}]
            """)!);
        var events = new JsonArray();
        foreach (var (ticket, replyAfter) in new[] { ("one", 1), ("two", 3), ("three", 10) })
        {
            var key = $"test:sim-{ticket}";
            events.Add(GatewayRequests.Created(key, $"{ticket}-created", CreatedAt, priority: "urgent", team: "support"));
            events.Add(GatewayRequests.Comment(key, $"{ticket}-reply", CreatedAt.AddMinutes(replyAfter), "agent"));
        }

        var (status, body) = await Silo.Http.PostEventsAsync(events);
        Assert.True(status == System.Net.HttpStatusCode.Accepted, body);
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Tickets;

/// <summary>SLA repair after a configuration change, and owner assignment, over real HTTP.</summary>
public sealed class RepairAndRoutingTests : IAsyncLifetime
{
    private SiloProcess silo = null!;

    public async Task InitializeAsync() =>
        silo = await SiloProcess.StartAsync(SiloProcess.Environment("repair", "repair", postgres: null));

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task A_shortened_target_breaches_open_tickets_at_once_and_a_later_edit_never_unbreaches_them()
    {
        await PutAsync("/v1/policies", Policies("PT1H"));
        var created = DateTimeOffset.UtcNow.AddMinutes(-20);
        await PostAsync(Event("repair:1", "r1", "ticket.created", created, new JsonObject { ["priority"] = "normal" }));
        var before = await TicketAsync("repair:1");
        Assert.Equal("active", FirstReply(before).State);
        Assert.Equal(created.AddHours(1).ToUnixTimeMilliseconds(), FirstReply(before).Deadline!.Value.ToUnixTimeMilliseconds());

        await PutAsync("/v1/policies", Policies("PT10M"));
        var repaired = await UntilAsync("repair:1", t => t.Transitions.Any(x => x.TransitionId == "first_reply/breached"));
        var breach = repaired.Transitions.Single(x => x.TransitionId == "first_reply/breached");
        Assert.Equal(created.AddMinutes(10).ToUnixTimeMilliseconds(), breach.At.ToUnixTimeMilliseconds());
        Assert.Equal("breached", FirstReply(repaired).State);

        await PutAsync("/v1/policies", Policies("PT2H"));
        var relaxed = await UntilAsync("repair:1", t => t.ConfigurationVersion == repaired.ConfigurationVersion + 1);
        Assert.Equal("breached", FirstReply(relaxed).State);
        Assert.Equal(created.AddMinutes(10).ToUnixTimeMilliseconds(), FirstReply(relaxed).BreachedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Single(relaxed.Transitions, x => x.TransitionId == "first_reply/breached");
    }

    [Fact]
    public async Task A_team_hands_tickets_to_its_agents_round_robin_and_a_helpdesk_assignee_wins()
    {
        await PutAsync("/v1/policies", Policies("PT1H"));
        await PutAsync("/v1/teams/rotation", new JsonObject
        {
            ["members"] = new JsonArray("ann", "ben", "cyd"),
            ["lead"] = "ann",
            ["onCall"] = "ben",
            ["zone"] = "UTC",
            ["digestHour"] = 8,
            ["unassignedLimit"] = "PT30M",
            ["assignment"] = "round_robin",
        });
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var i = 1; i <= 4; i++)
        {
            await PostAsync(Event($"rr:{i}", $"rr{i}", "ticket.created", start.AddSeconds(i), new JsonObject { ["priority"] = "normal", ["team"] = "rotation" }));
        }

        var owners = new List<TicketOwner>();
        for (var i = 1; i <= 4; i++)
        {
            owners.Add((await TicketAsync($"rr:{i}")).Owner);
        }

        Assert.Equal(
            [new TicketOwner("rotation", "ann"), new TicketOwner("rotation", "ben"), new TicketOwner("rotation", "cyd"), new TicketOwner("rotation", "ann")],
            owners);

        await PostAsync(Event("rr:1", "rr1-assign", "ticket.updated", start.AddMinutes(1), new JsonObject { ["assignee"] = "zed" }));
        var reassigned = await TicketAsync("rr:1");
        Assert.Equal(new TicketOwner("rotation", "zed"), reassigned.Owner);
        Assert.Equal(2, reassigned.Transitions.Count(t => t.TransitionId.StartsWith("owner#", StringComparison.Ordinal)));

        var unrouted = Event("rr:5", "rr5", "ticket.created", start.AddSeconds(5), new JsonObject { ["priority"] = "low" });
        await PostAsync(unrouted);
        Assert.Equal(new TicketOwner("unrouted", null), (await TicketAsync("rr:5")).Owner);
    }

    private static MetricView FirstReply(TicketView ticket) => Assert.Single(ticket.Metrics, m => m.Metric == "first_reply");

    private static JsonArray Policies(string firstReply)
    {
        var targets = new JsonObject
        {
            ["first_reply"] = new JsonObject { ["target"] = firstReply, ["calendar"] = "24x7" },
            ["resolution"] = new JsonObject { ["target"] = "PT8H", ["calendar"] = "24x7" },
        };
        return new JsonArray(new JsonObject
        {
            ["id"] = "all",
            ["targets"] = new JsonObject
            {
                ["low"] = targets.DeepClone(), ["normal"] = targets.DeepClone(), ["high"] = targets.DeepClone(), ["urgent"] = targets.DeepClone(),
            },
        });
    }

    private static JsonObject Event(string key, string id, string type, DateTimeOffset time, JsonObject data) =>
        GatewayRequests.Event(key, id, type, time, data);

    private Task PutAsync(string path, JsonNode body) => silo.Http.PutJsonAsync(path, body);

    private async Task PostAsync(JsonObject cloudEvent) =>
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(cloudEvent)).Status);

    private async Task<TicketView> TicketAsync(string key) =>
        (await silo.Http.GetFromJsonAsync<TicketView>(new Uri($"/v1/tickets/{key}", UriKind.Relative)))!;

    private Task<TicketView> UntilAsync(string key, Func<TicketView, bool> condition) =>
        Eventually.ValueAsync(() => TicketAsync(key), condition, TimeSpan.FromSeconds(20), $"ticket {key}'s awaited state", pace: TimeSpan.FromMilliseconds(100));
}

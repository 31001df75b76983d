using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests.Tickets;

/// <summary>Tickets over real HTTP: clocks derived from events, and transitions fired on the deadline.</summary>
public sealed class TicketClockTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FirstReplyTarget = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_breach_fires_within_2_seconds_of_its_deadline_embedded() =>
        await BreachFiresOnTimeAsync(postgres: null);

    [Fact]
    public async Task A_breach_fires_within_2_seconds_of_its_deadline_on_postgres() =>
        await BreachFiresOnTimeAsync(await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("breach"));

    [Fact]
    public async Task Posting_the_whole_event_set_twice_changes_nothing()
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("twice", "twice", postgres: null));
        await PutPoliciesAsync(silo, "PT1H");
        var events = History("twice:1", DateTimeOffset.UtcNow.AddMinutes(-50));

        var first = await PostAsync(silo, new JsonArray(events.Select(e => e.DeepClone()).ToArray()));
        var before = await GetTicketAsync(silo, "twice:1");
        var second = await PostAsync(silo, new JsonArray(events.Select(e => e.DeepClone()).ToArray()));
        var after = await GetTicketAsync(silo, "twice:1");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal($$"""{"accepted":{{events.Length}},"duplicates":0}""", first.Body);
        Assert.Equal($$"""{"accepted":0,"duplicates":{{events.Length}}}""", second.Body);
        Assert.Equal(Settled(before), Settled(after));
    }

    [Fact]
    public async Task Events_posted_one_by_one_in_reverse_order_give_the_same_clocks()
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("reverse", "reverse", postgres: null));
        await PutPoliciesAsync(silo, "PT1H");
        var start = DateTimeOffset.UtcNow.AddMinutes(-50);

        foreach (var e in History("order:in", start))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(silo, e)).Status);
        }

        foreach (var e in History("order:reverse", start).Reverse())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(silo, e)).Status);
        }

        var inOrder = await GetTicketAsync(silo, "order:in");
        var reversed = await GetTicketAsync(silo, "order:reverse");
        inOrder["key"] = reversed["key"]!.GetValue<string>();
        inOrder.Remove("transitions");
        reversed.Remove("transitions");
        Assert.Equal(Settled(inOrder), Settled(reversed));
        Assert.Equal("open", reversed["status"]!.GetValue<string>());
        Assert.Contains("\"state\":\"achieved\"", reversed["metrics"]!.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>The ticket without the elapsed time of clocks still running, which grows between two reads.</summary>
    private static string Settled(JsonObject ticket)
    {
        var copy = (JsonObject)ticket.DeepClone();
        foreach (var metric in ((JsonArray)copy["metrics"]!).OfType<JsonObject>().Where(m => m["achievedAt"] is null))
        {
            metric.Remove("elapsed");
        }

        return copy.ToJsonString();
    }

    private async Task BreachFiresOnTimeAsync(string? postgres)
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("breach", "breach-" + Guid.NewGuid().ToString("N")[..6], postgres));
        await PutPoliciesAsync(silo, $"PT{FirstReplyTarget.TotalSeconds}S");
        var created = DateTimeOffset.UtcNow;

        var posted = await PostAsync(silo, Created("deadline:1", "c1", created));
        Assert.Equal(HttpStatusCode.Accepted, posted.Status);

        var deadline = created + FirstReplyTarget;
        var view = await UntilAsync(silo, "deadline:1", v => v.Transitions.Any(t => t.TransitionId == "first_reply/breached"), deadline + TimeSpan.FromSeconds(20));
        var breach = view.Transitions.Single(t => t.TransitionId == "first_reply/breached");
        var atRisk = view.Transitions.Single(t => t.TransitionId == "first_reply/at_risk");
        output.WriteLine($"breach due {breach.At:O}, emitted {breach.EmittedAt:O}: {(breach.EmittedAt - breach.At).TotalMilliseconds:F0} ms late");
        output.WriteLine($"at-risk due {atRisk.At:O}, emitted {atRisk.EmittedAt:O}: {(atRisk.EmittedAt - atRisk.At).TotalMilliseconds:F0} ms late");

        // The deadline is the event's own time plus the target, to the microsecond the event carried.
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), breach.At.ToUnixTimeMilliseconds());
        Assert.InRange(breach.EmittedAt - breach.At, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.InRange(atRisk.EmittedAt - atRisk.At, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        var metric = Assert.Single(view.Metrics, m => m.Metric == "first_reply");
        Assert.Equal("breached", metric.State);
        Assert.Equal(1, view.Transitions.Count(t => t.TransitionId == "first_reply/breached"));

        // The same story on the ticket's audit timeline, each entry chained to the one before.
        var timeline = (await silo.Http.GetFromJsonAsync<JsonObject>(new Uri("/v1/tickets/deadline:1/timeline", UriKind.Relative)))!;
        var entries = timeline["entries"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.Equal(["owner_changed", "policy_applied", "sla_at_risk", "sla_breached"], entries.Select(e => e["action"]!.GetValue<string>()));
        Assert.Equal([1L, 2L, 3L, 4L], entries.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.Null(entries[0]["previousHash"]);
        for (var i = 1; i < entries.Length; i++)
        {
            Assert.Equal(entries[i - 1]["hash"]!.GetValue<string>(), entries[i]["previousHash"]!.GetValue<string>());
        }

        Assert.Equal("deadline:1/first_reply/breached", entries[3]["causedBy"]!.GetValue<string>());
        Assert.Equal("everything", entries[1]["after"]!.GetValue<string>());
    }

    /// <summary>One policy for every ticket: first reply and resolution on the 24x7 calendar.</summary>
    private static async Task PutPoliciesAsync(SiloProcess silo, string firstReply)
    {
        var targets = new JsonObject
        {
            ["first_reply"] = new JsonObject { ["target"] = firstReply, ["calendar"] = "24x7" },
            ["next_reply"] = new JsonObject { ["target"] = "PT1H", ["calendar"] = "24x7" },
            ["resolution"] = new JsonObject { ["target"] = "PT8H", ["calendar"] = "24x7" },
        };
        var policies = new JsonArray(new JsonObject
        {
            ["id"] = "everything",
            ["targets"] = new JsonObject
            {
                ["low"] = targets.DeepClone(),
                ["normal"] = targets.DeepClone(),
                ["high"] = targets.DeepClone(),
                ["urgent"] = targets.DeepClone(),
            },
            ["atRisk"] = new JsonObject { ["first_reply"] = new JsonObject { ["percent"] = 50 } },
        });
        await silo.Http.PutJsonAsync("/v1/policies", policies);
    }

    private static JsonObject[] History(string key, DateTimeOffset start) =>
    [
        Created(key, "h1", start),
        Comment(key, "h2", start.AddMinutes(10), "agent"),
        Comment(key, "h3", start.AddMinutes(20), "requester"),
        Updated(key, "h4", start.AddMinutes(25), new JsonObject { ["status"] = "pending" }),
        Updated(key, "h5", start.AddMinutes(30), new JsonObject { ["status"] = "open", ["priority"] = "urgent" }),
        Comment(key, "h6", start.AddMinutes(40), "agent"),
    ];

    private static JsonObject Created(string key, string id, DateTimeOffset time) =>
        GatewayRequests.Created(key, id, time, team: "support");

    private static JsonObject Updated(string key, string id, DateTimeOffset time, JsonObject data) =>
        GatewayRequests.Event(key, id, "ticket.updated", time, data);

    private static JsonObject Comment(string key, string id, DateTimeOffset time, string role) =>
        GatewayRequests.Comment(key, id, time, role);

    private static Task<(HttpStatusCode Status, string Body)> PostAsync(SiloProcess silo, JsonNode body) =>
        silo.Http.PostEventsAsync(body);

    private static async Task<JsonObject> GetTicketAsync(SiloProcess silo, string key) =>
        (await silo.Http.GetFromJsonAsync<JsonObject>(new Uri($"/v1/tickets/{key}", UriKind.Relative)))!;

    private static async Task<TicketView> UntilAsync(SiloProcess silo, string key, Func<TicketView, bool> condition, DateTimeOffset giveUpAt) =>
        (await Eventually.ValueAsync(
            () => silo.Http.GetFromJsonAsync<TicketView>(new Uri($"/v1/tickets/{key}", UriKind.Relative)),
            view => view is not null && condition(view),
            giveUpAt - DateTimeOffset.UtcNow,
            $"ticket {key}'s expected state",
            view => $"{view}\n{silo.Output}",
            TimeSpan.FromMilliseconds(100)))!;
}

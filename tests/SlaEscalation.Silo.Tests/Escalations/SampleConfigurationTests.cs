using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// The embedded default starts with the walkthrough's sample configuration; the README's first step works, and the
/// whole walkthrough runs as the README shows it.
/// </summary>
public sealed class SampleConfigurationTests(ITestOutputHelper output)
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

    /// <summary>
    /// README "Five-minute walkthrough", step by step and with its curl calls, on a fake clock that starts at
    /// 16:51:15 UTC, the time of the README's timeline; the timeline must read as the README shows it.
    /// </summary>
    [Fact]
    public async Task The_README_walkthrough_runs_as_shown_on_the_embedded_default()
    {
        var created = new DateTimeOffset(2026, 12, 24, 16, 51, 15, TimeSpan.Zero);
        await using var silo = await WalkthroughSilo.StartAsync(created);
        var http = silo.Http;

        // 1. An urgent ticket arrives. It is routed to support and assigned to an agent by round robin.
        var ticket = GatewayRequests.Event("helpdesk:1001", "evt-1", "ticket.created", created, new JsonObject
        {
            ["subject"] = "Checkout fails with 500", ["organization"] = "Acme", ["customerTier"] = "enterprise",
            ["priority"] = "urgent", ["channel"] = "email",
        }, source: "helpdesk");
        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":1,"duplicates":0}"""), await http.PostEventsAsync(ticket));
        var routed = (await http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:1001"))!;
        Assert.Equal(("walkthrough-urgent", "support", "alice"), ((string?)routed["policyId"], (string?)routed["owner"]!["team"], (string?)routed["owner"]!["agent"]));
        var firstReply = FirstReply(routed);
        Assert.Equal((created.AddMinutes(1), created.AddMinutes(2)), ((DateTimeOffset)firstReply["atRiskAt"]!, (DateTimeOffset)firstReply["deadline"]!));

        // 2. After 1 minute: at risk. Level 1 is raised; alice owns it and must acknowledge within a minute.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var level1 = Single(await silo.UntilAsync("/v1/escalations?state=open", p => Escalations(p).Any(e => (int)e["level"]! == 1)));
        Assert.Equal(("user:alice", "acknowledge", created.AddMinutes(2)), ((string?)level1["owner"], (string?)level1["nextAction"]!["action"], (DateTimeOffset)level1["nextAction"]!["dueAt"]!));
        Assert.Equal("at_risk", (string?)FirstReply((await http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:1001"))!)["state"]);

        // 3. After 2 minutes: breached. Level 2 reassigns the ticket to the lead, carol, who acknowledges.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var level2 = Single(await silo.UntilAsync("/v1/escalations?state=open&owner=carol", p => Escalations(p).Any(e => (int)e["level"]! == 2)));
        Assert.Equal("user:carol", (string?)level2["owner"]);
        var reassigned = await silo.UntilAsync("/v1/tickets/helpdesk:1001", t => (string?)t["owner"]!["agent"] == "carol");
        Assert.Equal(("support", "breached"), ((string?)reassigned["owner"]!["team"], (string?)FirstReply(reassigned)["state"]));
        await silo.AdvanceAsync(TimeSpan.FromSeconds(8));
        var esc = (string)level2["id"]!;
        using var ack = await http.PostAsJsonAsync($"/v1/escalations/{esc}/ack", new { by = "carol" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acknowledged = (await ack.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((true, "restore_sla"), ((bool)acknowledged["acknowledged"]!, (string?)acknowledged["nextAction"]!["action"]));
        Assert.Contains($"level 3 (breached_for PT1M, engineering:platform) is raised at {created.AddMinutes(3):O}", (string?)acknowledged["nextAction"]!["description"], StringComparison.Ordinal);

        // 4. After 3 minutes: still breached. Level 3 opens one engineering task with the ticket's whole story.
        await silo.AdvanceAsync(TimeSpan.FromSeconds(52));
        var withTask = await silo.UntilAsync("/v1/tickets/helpdesk:1001", t => t["tasks"]!.AsArray().Count > 0);
        Assert.Equal(esc, (string?)Assert.Single(withTask["escalations"]!.AsArray())!["id"]);
        var taskId = (string)Assert.Single(withTask["tasks"]!.AsArray())!["id"]!;
        var task = (await http.GetFromJsonAsync<JsonObject>($"/v1/tasks/{taskId}"))!;
        var story = task["ticket"]!;
        Assert.Equal(
            ("first_reply escalated: Checkout fails with 500", "Checkout fails with 500", "Acme", "enterprise", "urgent", "platform", "team:platform"),
            ((string?)task["title"], (string?)story["subject"], (string?)story["organization"], (string?)story["customerTier"], (string?)story["priority"], (string?)task["engineeringTeam"], (string?)task["escalationOwner"]));
        Assert.Equal(("breached", created.AddMinutes(2)), ((string?)FirstReply(story)["state"], (DateTimeOffset)FirstReply(story)["deadline"]!));
        var activity = Assert.Single(story["recentPublicActivity"]!.AsArray())!;
        Assert.Equal((created, "ticket.created", "created (subject: Checkout fails with 500; priority: urgent)"), ((DateTimeOffset)activity["time"]!, (string?)activity["type"], (string?)activity["summary"]));
        Assert.Equal(["raised", "ack_timed_out", "raised", "reassigned", "acknowledged", "raised"], task["escalationPath"]!.AsArray().Select(s => (string?)s!["step"]));
        await silo.AdvanceAsync(TimeSpan.FromSeconds(13));
        using var patched = await http.PatchAsJsonAsync($"/v1/tasks/{taskId}", new { status = "in_progress", assignee = "dave", by = "dave" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        // 5. The timeline: every step, chained by hash, as the README shows it.
        var timeline = await silo.UntilAsync("/v1/tickets/helpdesk:1001/timeline", t => t["entries"]!.AsArray().Any(e => (string?)e!["action"] == "task_assigned"));
        var entries = timeline["entries"]!.AsArray().Select(e => e!).ToList();
        foreach (var entry in entries)
        {
            output.WriteLine($"{entry["sequence"]} {(DateTimeOffset)entry["at"]!:HH:mm:ss.fff} {entry["actor"]} {entry["action"]} {entry["after"]?.ToJsonString()}");
        }

        Assert.All(entries.Zip(entries.Skip(1)), p => Assert.Equal((string?)p.First["hash"], (string?)p.Second["previousHash"]));
        var shown = entries.Select(e => ((long)e["sequence"]!, ((DateTimeOffset)e["at"]!).ToString("HH:mm:ss", CultureInfo.InvariantCulture), (string)e["actor"]!, (string)e["action"]!)).ToList();
        var breach = shown.FindIndex(e => e.Item4 == "sla_breached");
        if (breach > 0 && shown[breach - 1].Item4 == "escalation_unacknowledged" && shown[breach - 1].Item2 == shown[breach].Item2)
        {
            // The breach and the end of level 1's one-minute window fall due at the same instant: either is recorded first.
            (shown[breach - 1], shown[breach]) = (shown[breach] with { Item1 = shown[breach - 1].Item1 }, shown[breach - 1] with { Item1 = shown[breach].Item1 });
        }

        Assert.Equal(ReadmeTimeline(), shown);

        // The key is the actor; the body's "by" is kept beside it, never as it.
        Assert.Equal(
            [("escalation_acknowledged", "carol"), ("task_status_changed", "dave"), ("task_assigned", "dave")],
            entries.Where(e => (string?)e["actor"] == WalkthroughSilo.DevelopmentKeyName).Select(e => ((string)e["action"]!, (string?)e["onBehalfOf"])));
        Assert.All(entries.Where(e => (string?)e["actor"] != WalkthroughSilo.DevelopmentKeyName), e => Assert.Null((string?)e["onBehalfOf"]));
    }

    /// <summary>
    /// Non-urgent tickets follow the sample's support hours (Berlin, Mon-Fri 09:00-17:00, with holidays): one created on
    /// Christmas Eve after hours gets its first reply due four business hours into Monday, the 25th being a holiday.
    /// </summary>
    [Fact]
    public async Task A_normal_ticket_of_the_sample_is_measured_on_support_hours_and_skips_the_holiday()
    {
        var created = new DateTimeOffset(2026, 12, 24, 16, 51, 15, TimeSpan.Zero);
        await using var silo = await WalkthroughSilo.StartAsync(created);

        var ticket = GatewayRequests.Created("helpdesk:2001", "evt-2001", created, priority: "normal", source: "helpdesk");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(ticket)).Status);

        var view = (await silo.Http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:2001"))!;
        Assert.Equal("standard", (string?)view["policyId"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 12, 0, 0, TimeSpan.Zero), (DateTimeOffset)FirstReply(view)["deadline"]!);
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

    /// <summary>The README's walkthrough timeline: (sequence, time, actor, action) of each line.</summary>
    private static List<(long, string, string, string)> ReadmeTimeline()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var start = readme.IndexOf("```", readme.IndexOf("The timeline of that run", StringComparison.Ordinal), StringComparison.Ordinal);
        var block = readme[(start + 3)..readme.IndexOf("```", start + 3, StringComparison.Ordinal)];
        return [.. Regex.Matches(block, @"^(\d+)\s+(\d\d:\d\d:\d\d)\s+(\S+)\s+(\S+)", RegexOptions.Multiline)
            .Select(m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value))];
    }

    private static JsonNode FirstReply(JsonNode ticket) => ticket["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "first_reply")!;

    private static IEnumerable<JsonNode> Escalations(JsonNode page) => page["escalations"]!.AsArray().Select(e => e!);

    private static JsonNode Single(JsonNode page) => Assert.Single(Escalations(page));
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Silo.Board;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>
/// Board pages holding more than they draw. The Escalations page when an incident opens more escalations than it
/// draws: every open one is counted, the most pressing are drawn (highest level, then the soonest next action), the
/// page says how many are not, and it filters by team and by owner, read as the API reads one (a bare id is a user;
/// anything else is a 400 page); it drew the first 1,000 by id before, in silence. A ticket's page with a long
/// timeline draws its latest entries, where what was just done is; it drew the first 1,000.
/// </summary>
public sealed partial class BoardLongListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private SiloProcess silo = null!;
    private BoardClient browser = null!;

    public async Task InitializeAsync()
    {
        var environment = SiloProcess.Environment("board-escalations", "board-esc-" + Guid.NewGuid().ToString("N")[..6], postgres: null);
        environment.Remove("Sla__SampleConfiguration");
        environment["Board__NowRows"] = "10";
        silo = await SiloProcess.StartAsync(environment);
        browser = new BoardClient(silo);
    }

    public async Task DisposeAsync()
    {
        browser.Dispose();
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task Past_a_page_of_the_index_every_open_escalation_is_counted_and_the_most_pressing_are_drawn()
    {
        var index = new InMemoryEscalationIndex();
        var owners = new[] { "team:platform", "user:alice", "user:bob" };
        for (var n = 0; n < 2_345; n++)
        {
            // Ids rise with n, levels fall with it: the first ids are the least pressing. Every fifth is billing's.
            await index.UpsertAsync(View($"esc_{n:D5}", owners[n % 3], level: 1 + ((2_344 - n) / 800), due: Now.AddMinutes(n % 50))
                with { Team = n % 5 == 0 ? "billing" : "support" });
        }

        await index.UpsertAsync(View("esc_99999", "user:carol", level: 9, due: Now) with { State = "resolved" });

        var all = await new BoardEscalations(index).ListAsync(null, null, 100, CancellationToken.None);
        var bob = await new BoardEscalations(index).ListAsync(null, "user:bob", 2_000, CancellationToken.None);
        var billing = await new BoardEscalations(index).ListAsync("billing", null, 2_000, CancellationToken.None);
        var billingBob = await new BoardEscalations(index).ListAsync("billing", "user:bob", 2_000, CancellationToken.None);

        Assert.Equal(2_345, all.Total);
        Assert.Equal(100, all.Escalations.Count);
        Assert.All(all.Escalations, e => Assert.Equal(3, e.Level));
        Assert.Equal(
            all.Escalations.Select(e => e.Id),
            all.Escalations.OrderBy(e => e.NextAction!.DueAt).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id));
        Assert.Equal([new("team:platform", 782), new("user:alice", 782), new("user:bob", 781)], all.Owners);
        Assert.Equal((781, 781), (bob.Total, bob.Escalations.Count));
        Assert.All(bob.Escalations, e => Assert.Equal("user:bob", e.Owner));
        Assert.Equal(bob.Escalations.OrderByDescending(e => e.Level).Select(e => e.Level), bob.Escalations.Select(e => e.Level));
        Assert.Equal((469, 469), (billing.Total, billing.Escalations.Count));
        Assert.All(billing.Escalations, e => Assert.Equal("billing", e.Team));
        Assert.Equal([new("team:platform", 157), new("user:alice", 156), new("user:bob", 156)], billing.Owners);
        Assert.Equal(156, billingBob.Total);
        Assert.All(billingBob.Escalations, e => Assert.Equal(("billing", "user:bob"), (e.Team, e.Owner)));
    }

    [Fact]
    public async Task The_page_says_how_many_are_open_and_not_drawn_and_filters_by_owner()
    {
        // Created 70 s ago: at risk, so level 1 is raised for the agent each is given, round robin over two.
        var tickets = Enumerable.Range(1, 13).Select(n => "helpdesk:esc-" + n).ToArray();
        var created = new JsonArray([.. tickets.Select(key => (JsonNode)GatewayRequests.Event(key, "evt-" + key, "ticket.created",
            DateTimeOffset.UtcNow.AddSeconds(-70), new JsonObject { ["priority"] = "urgent", ["subject"] = "Checkout fails" }, source: "helpdesk"))]);
        var (status, body) = await silo.Http.PostEventsAsync(created);
        Assert.True(status == HttpStatusCode.Accepted, body);
        var open = await Eventually.ValueAsync(
            () => silo.Http.GetFromJsonAsync<JsonObject>("/v1/escalations?state=open&limit=100"),
            page => page!["escalations"]!.AsArray().Count == tickets.Length, TimeSpan.FromSeconds(20), "an open escalation of each ticket",
            page => page?.ToJsonString() ?? "");
        var byOwner = open!["escalations"]!.AsArray().GroupBy(e => (string)e!["owner"]!).ToDictionary(g => g.Key, g => g.Count());
        var (owner, held) = byOwner.MaxBy(o => o.Value);

        using var signedIn = await browser.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var everyone = await browser.GetStringAsync("/board/escalations");
        var filtered = await browser.GetStringAsync("/board/escalations?owner=" + Uri.EscapeDataString(owner));
        var nobody = await browser.GetStringAsync("/board/escalations?owner=nobody");
        var supportOnly = await browser.GetStringAsync("/board/escalations?team=support");
        var platformOnly = await browser.GetStringAsync("/board/escalations?team=platform");
        using var odd = await browser.GetAsync("/board/escalations?owner=queue%3Afirst");

        Assert.Equal(10, Rows().Count(everyone));
        Assert.Contains("13 open; the 10 most pressing (highest level, then soonest next action) are shown.", Text(everyone), StringComparison.Ordinal);
        Assert.Contains("13 open on support's tickets; the 10 most pressing", Text(supportOnly), StringComparison.Ordinal);
        Assert.Contains("No escalation is open on platform's tickets.", Text(platformOnly), StringComparison.Ordinal);
        foreach (var (name, count) in byOwner)
        {
            Assert.Contains($">{WebUtility.HtmlEncode(name)} ({count})</option>", everyone, StringComparison.Ordinal);
        }

        Assert.Equal(held, Rows().Count(filtered));
        Assert.Contains($"{held} open for {owner}.", Text(filtered), StringComparison.Ordinal);
        Assert.DoesNotContain("most pressing", filtered, StringComparison.Ordinal);
        Assert.Equal(0, Rows().Count(nobody));
        Assert.Contains("No escalation is open for user:nobody.", Text(nobody), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);
        Assert.Contains("An owner is 'user:<id>', 'team:<id>' or a user id.", Text(await odd.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>The page's text as a reader sees it: no tags, runs of white space as one space.</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(html, " "), " "));

    [Fact]
    public async Task A_ticket_page_draws_the_latest_timeline_entries_and_says_how_many_came_before()
    {
        // Each reassignment posted on its own is an owner_changed entry (a batch is one change, audited by its net
        // effect): 1,050 of them make a chain longer than the page draws.
        const string key = "helpdesk:long-timeline";
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var events = new List<JsonObject>
        {
            GatewayRequests.Event(key, "evt-long-0", "ticket.created", start,
                new JsonObject { ["priority"] = "low", ["subject"] = "A long one", ["team"] = "support", ["assignee"] = "alice" }, source: "helpdesk"),
        };
        events.AddRange(Enumerable.Range(1, 1_050).Select(n => GatewayRequests.Event(key, $"evt-long-{n}", "ticket.updated", start.AddSeconds(n),
            new JsonObject { ["assignee"] = n % 2 == 0 ? "alice" : "bob" }, source: "helpdesk")));
        foreach (var change in events)
        {
            var (status, body) = await silo.Http.PostEventsAsync(change);
            Assert.True(status == HttpStatusCode.Accepted, body);
        }

        var last = await Eventually.ValueAsync(
            async () => (await silo.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{key}/timeline?after=1040"))!["entries"]!.AsArray()
                .Select(e => (long)e!["sequence"]!).DefaultIfEmpty(0).Max(),
            sequence => sequence > 1_050, TimeSpan.FromSeconds(20), "the reassignments in the timeline", sequence => $"last entry #{sequence}");
        using var signedIn = await browser.SignInAsync();
        var page = await browser.GetStringAsync("/board/tickets/" + Uri.EscapeDataString(key));

        var shown = TimelineRow().Matches(page).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // The chain may have grown since: the page draws the thousand up to its head as it read it.
        var head = shown.DefaultIfEmpty(0).Max();
        Assert.True(head >= last, $"the page's last entry #{head}, the timeline's #{last} before it");
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => head - 999 + i), shown);
        Assert.Contains($"The latest 1000 of {head} entries are shown, from #{head - 999};", Text(page), StringComparison.Ordinal);
    }

    private static EscalationView View(string id, string owner, int level, DateTimeOffset due) => new(
        id, "helpdesk:" + id, "first_reply", "inst-" + id, "standard", "support", "open", level, owner, Acknowledged: false,
        new NextAction("acknowledge", "Acknowledge", due), Now, Now, null, null, [], []);

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"<tr>\s*<td>(\d+)</td>")]
    private static partial Regex TimelineRow();

    [GeneratedRegex("<tr data-escalation=\"")]
    private static partial Regex Rows();
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Silo.Tests.Slack;
using SlaEscalation.Testing;
using WireMock;
using WireMock.Logging;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>
/// Internal notes on the Zendesk ticket as its escalation is raised and acknowledged, against a Zendesk stub that
/// answers only the connection's API token: one note per step, also when Zendesk's answer to a note was lost.
/// </summary>
public sealed class ZendeskNoteTests : IDisposable
{
    private const string Email = "sla-bot@acme.example";
    private const string TicketPath = "/api/v2/tickets/4711.json";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    private readonly string token = "zd-" + Guid.NewGuid().ToString("N")[..16];
    private readonly WireMockServer zendesk = WireMockServer.Start();
    private readonly ConcurrentDictionary<Guid, bool> lost = new();

    public ZendeskNoteTests()
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{token}"));
        zendesk.Given(Request.Create().WithPath(TicketPath).UsingPut().WithHeader("Authorization", basic).WithHeader("Content-Type", "application/json*")).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"ticket":{"id":4711}}"""));

        // Zendesk took the first note but its answer was lost on the way.
        var lostId = Guid.NewGuid();
        lost[lostId] = true;
        zendesk.Given(Request.Create().WithPath(TicketPath).UsingPut().WithHeader("Authorization", basic)).WithGuid(lostId).AtPriority(1)
            .InScenario("lost").WillSetStateTo("answered")
            .RespondWith(Response.Create().WithStatusCode(502).WithBody("bad gateway"));
        zendesk.Given(Request.Create().WithPath("/api/v2/tickets/4711/comments.json").UsingGet().WithHeader("Authorization", basic))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Comments));
    }

    public void Dispose()
    {
        zendesk.Stop();
        zendesk.Dispose();
    }

    [Fact]
    public async Task Each_raise_and_acknowledgement_leaves_one_internal_note_also_when_zendesks_answer_to_one_was_lost()
    {
        const string Key = "zendesk-eu:4711";
        var environment = SiloProcess.Environment("zd-notes", "zd-" + Guid.NewGuid().ToString("N")[..8], null);
        environment["Adapters__zendesk-eu__ApiToken"] = token;
        environment["Adapters__zendesk-eu__Email"] = Email;
        environment["Adapters__zendesk-eu__BaseUrl"] = zendesk.Url + "/";
        environment["Adapters__zendesk-eu__InternalNotes"] = "true";
        environment["Notifications__Retry__InitialDelaySeconds"] = "0.5";
        await using var silo = await SiloProcess.StartAsync(environment);
        await SlackSiloFixture.ConfigureAsync(silo, "  support: { members: [ana], lead: lena, zone: UTC }");

        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Created(Key, "zd-created", DateTimeOffset.UtcNow, team: "support"))).Status);
        var escalation = await silo.Http.UntilAsync(Key, e => e.Level == 2, Within);
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/ack", new { by = "lena" })).StatusCode);
        await Eventually.TrueAsync(() => Notes().Any(n => Text(n).Contains("acknowledged by lena", StringComparison.Ordinal)), Within, "the acknowledgement's note",
            () => string.Join(" | ", Notes().Select(n => $"{n.ResponseMessage.StatusCode}: {Text(n)}")));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));

        var notes = Notes();
        Assert.Equal([502, 200, 200], notes.Select(n => n.ResponseMessage.StatusCode is int status ? status : 0));
        Assert.All(notes, n => Assert.False((bool)SlackStub.Body(n)["ticket"]!["comment"]!["public"]!));
        Assert.StartsWith("SLA escalation level 1 (first_reply) raised: owner ", Text(notes[0]), StringComparison.Ordinal);
        Assert.Contains(" (at_risk).\n[SLA notice ", Text(notes[0]), StringComparison.Ordinal);
        Assert.StartsWith("SLA escalation level 2 (first_reply) raised: owner user:lena (breached).\n[SLA notice ", Text(notes[1]), StringComparison.Ordinal);
        Assert.StartsWith("SLA escalation level 2 (first_reply) acknowledged by lena; owner user:lena.", Text(notes[2]), StringComparison.Ordinal);
        Assert.Equal(3, notes.Select(n => Text(n)[Text(n).LastIndexOf("[SLA notice ", StringComparison.Ordinal)..]).Distinct().Count());
        Assert.Contains(zendesk.LogEntries, e => e.RequestMessage.Path == "/api/v2/tickets/4711/comments.json" && e.ResponseMessage.StatusCode is 200);
    }

    private static string Text(ILogEntry note) => (string)SlackStub.Body(note)["ticket"]!["comment"]!["body"]!;

    private ILogEntry[] Notes() =>
        [.. zendesk.LogEntries.Where(e => e.RequestMessage.Path == TicketPath).OrderBy(e => e.RequestMessage.DateTime)];

    /// <summary>The ticket's comments, newest first: every note Zendesk took, answered or lost.</summary>
    private string Comments(IRequestMessage request) => new JsonObject
    {
        ["comments"] = new JsonArray([.. Notes()
            .Where(n => n.ResponseMessage.StatusCode is 200 || (n.MappingGuid is { } g && lost.ContainsKey(g)))
            .Reverse()
            .Select(n => (JsonNode)new JsonObject { ["body"] = Text(n), ["public"] = false })]),
    }.ToJsonString();
}

using System.Net.Http.Json;
using System.Text;
using SlaEscalation.Contracts.Tickets;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SlaEscalation.Silo.Tests.Adapters.CatchUp;

/// <summary>
/// The Zendesk catch-up of a durable silo against a local stub of Zendesk's incremental ticket event export: what the
/// webhook lost arrives, what it delivered is a duplicate, a 429 is waited out, and the cursor outlives the silo.
/// </summary>
public sealed class ZendeskCatchUpTests : IAsyncLifetime
{
    private const string ExportPath = "/api/v2/incremental/ticket_events.json";
    private const string Email = "admin@example.com";
    private const string Token = "zd-token-0123456789";
    private const string Secret = "zd-signing-secret-0123456789";

    private static readonly string Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{Token}"));

    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private WireMockServer zendesk = null!;

    private long FirstPageEnd => (now - TimeSpan.FromMinutes(20)).ToUnixTimeSeconds();

    private long SecondPageEnd => (now - TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();

    public Task InitializeAsync()
    {
        zendesk = WireMockServer.Start();
        var created = now - TimeSpan.FromMinutes(30);
        Stub(Request().WithParam("start_time", FirstPageEnd.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1, Page(SecondPageEnd, endOfStream: true, $$"""
            {"id":5010,"ticket_id":101,"created_at":"{{created.AddMinutes(5):O}}","event_type":"Audit","child_events":[
              {"id":5011,"event_type":"Change","field_name":"status","value":"pending","previous_value":"new"},
              {"id":6010,"event_type":"Comment","author_id":31,"public":true}]}
            """));
        Stub(Request().WithParam("start_time", SecondPageEnd.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1, Page(SecondPageEnd, endOfStream: true));

        // Any other start (the first pass looks back an hour): one 429, then the first page.
        zendesk.Given(Request()).AtPriority(5).InScenario("first").WillSetStateTo("limited")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        zendesk.Given(Request()).AtPriority(5).InScenario("first").WhenStateIs("limited")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Page(FirstPageEnd, endOfStream: false, $$"""
                {"id":5001,"ticket_id":101,"created_at":"{{created:O}}","event_type":"Audit","child_events":[
                  {"id":5002,"event_type":"Create","field_name":"priority","value":"urgent"},
                  {"id":5003,"event_type":"Create","field_name":"status","value":"new"},
                  {"id":5004,"event_type":"Create","field_name":"requester_id","value":900},
                  {"id":6001,"event_type":"Comment","author_id":900,"public":true}]}
                """)));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        zendesk.Stop();
        zendesk.Dispose();
        return Task.CompletedTask;
    }

    private static IRequestBuilder Request() =>
        WireMock.RequestBuilders.Request.Create().WithPath(ExportPath).WithParam("include", "comment_events").WithHeader("Authorization", Authorization).UsingGet();

    private void Stub(IRequestBuilder request, int priority, string body) =>
        zendesk.Given(request).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private string Page(long endTime, bool endOfStream, string events = "") =>
        $$"""{"ticket_events":[{{events}}],"count":{{(events.Length == 0 ? 0 : 1)}},"end_time":{{endTime}},"end_of_stream":{{(endOfStream ? "true" : "false")}},"next_page":"{{zendesk.Url}}{{ExportPath}}?start_time={{endTime}}"}""";

    private Dictionary<string, string> Environment(string name, string cluster, string database)
    {
        var environment = SiloProcess.Environment(name, cluster, database);
        environment["Adapters__zd-eu__Secret"] = Secret;
        environment["Adapters__zd-eu__ApiToken"] = Token;
        environment["Adapters__zd-eu__Email"] = Email;
        environment["Adapters__zd-eu__BaseUrl"] = zendesk.Url!;
        environment["Adapters__zd-eu__CatchUpEvery"] = "00:00:05";
        return environment;
    }

    private static long StartTime(ILogEntry entry) => long.Parse(entry.RequestMessage.Query!["start_time"][0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Lost_webhook_events_are_recovered_after_a_429_and_the_cursor_survives_a_restart()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("catchup");
        var cluster = "catchup-" + Guid.NewGuid().ToString("N")[..8];
        int requestsBeforeRestart;
        var firstEnvironment = Environment("catchup-1", cluster, database);
        await using (var silo = await SiloProcess.StartAsync(firstEnvironment))
        {
            // The catch-up maps under the configuration's connection of its name, as the webhook does.
            using (var connection = new StringContent("""{"kind": "zendesk"}""", Encoding.UTF8, "application/json"))
            {
                (await silo.Http.PutAsync(new Uri("/v1/connections/zd-eu", UriKind.Relative), connection)).EnsureSuccessStatusCode();
            }

            // The webhook delivered the creation; its comment and the later update were lost.
            using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };
            var webhook = ZendeskRequests.Created("f3a1c2d4", "101", now - TimeSpan.FromMinutes(30), "URGENT");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await anonymous.PostZendeskAsync("zd-eu", webhook, Secret, DateTimeOffset.UtcNow)).Status);

            var ticket = await Eventually.ValueAsync(
                () => silo.Http.GetFromJsonAsync<TicketView>(new Uri("/v1/tickets/zd-eu:101", UriKind.Relative)),
                t => t?.Status == "pending", TimeSpan.FromSeconds(60), "the update only the export has",
                t => $"{t?.Status} with {t?.EventCount} events; Zendesk saw {zendesk.LogEntries.Count()} requests", pace: TimeSpan.FromMilliseconds(250));

            // The creation (webhook and export: once), comment 6001, the move to pending, comment 6010.
            Assert.Equal(4, ticket!.EventCount);
            await Eventually.TrueAsync(
                () => zendesk.LogEntries.Any(e => StartTime(e) == SecondPageEnd), TimeSpan.FromSeconds(30),
                "a pass from the saved cursor", pace: TimeSpan.FromMilliseconds(250));
            requestsBeforeRestart = zendesk.LogEntries.Count();
        }

        var before = zendesk.LogEntries.OrderBy(e => e.RequestMessage.DateTime).ToArray();
        Assert.All(before, e => Assert.Equal(Authorization, e.RequestMessage.Headers!["Authorization"][0]));
        var limited = Array.FindIndex(before, e => e.ResponseMessage.StatusCode is 429);
        Assert.Equal(0, limited);
        Assert.True(before[1].RequestMessage.DateTime - before[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(2),
            $"the retry came {before[1].RequestMessage.DateTime - before[0].RequestMessage.DateTime} after the 429");
        Assert.Equal(StartTime(before[0]), StartTime(before[1]));
        Assert.Equal(FirstPageEnd, StartTime(before[2]));

        await using (var restarted = await SiloProcess.StartAsync(SiloProcess.InPlaceOf(Environment("catchup-2", cluster, database), firstEnvironment)))
        {
            await Eventually.TrueAsync(
                () => zendesk.LogEntries.Count() > requestsBeforeRestart, TimeSpan.FromSeconds(60),
                "a pass after the restart", pace: TimeSpan.FromMilliseconds(250));
        }

        var after = zendesk.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Skip(requestsBeforeRestart).ToArray();
        Assert.All(after, e => Assert.Equal(SecondPageEnd, StartTime(e)));
    }
}

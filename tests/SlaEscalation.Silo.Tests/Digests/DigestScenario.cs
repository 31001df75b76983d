using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Npgsql;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Testing;
using Xunit.Sdk;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>
/// A scripted day for a team in New York and one in Tokyo, each on its local day before yesterday, posted over HTTP
/// with times in the past. Events that decide a clock are posted together (a ticket evaluates at the silo's clock,
/// so a creation posted alone would breach at once); status changes are posted one by one, as they happened. Both
/// teams' digest hour is midnight, so neither digest is published while a test runs (yesterday's is the latest
/// due). Every expected figure was counted by hand from the script. Asked to escalate, urgent tickets follow a
/// runbook; its steps happen at the silo's clock, so they are counted on each team's today.
/// </summary>
public sealed class DigestScenario
{
    public const string Ny = "desk-ny";
    public const string Tokyo = "desk-tokyo";

    /// <summary>The runbook of urgent tickets when escalating: on the breach, notify the assignee and open a task; 5 minutes to acknowledge.</summary>
    public const string Runbook = "digest-urgent";

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone TokyoZone = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string run = Guid.NewGuid().ToString("N")[..6];
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private int sequence;

    public DigestScenario()
    {
        NyDay = Instant.FromDateTimeOffset(now).InZone(NewYork).Date.PlusDays(-2);
        TokyoDay = Instant.FromDateTimeOffset(now).InZone(TokyoZone).Date.PlusDays(-2);
        Steps =
        [
            Batch(Created("ny5", NyAt(-8, 9), "normal", Ny, "carol"), Reply("ny5", NyAt(-8, 10))),
            Batch(Created("ny4", NyAt(-3, 12), "urgent", Ny, "alice"), Reply("ny4", NyAt(-3, 12, 10)), Status("ny4", NyAt(-3, 12, 20), "pending")),
            Batch(Created("ny8", NyAt(-1, 23), "normal", Ny, "carol"), Reply("ny8", NyAt(0, 0, 30))),
            Batch(Status("ny8", NyAt(0, 20), "solved")),
            Batch(Created("ny3", NyAt(0, 8), "normal", Ny, null), Reply("ny3", NyAt(0, 17))),           // no agent; breached 16:00, achieved late
            Batch(Created("ny1", NyAt(0, 9), "high", Ny, "alice"), Reply("ny1", NyAt(0, 10))),
            Batch(Status("ny1", NyAt(0, 15), "solved")),
            Batch(Created("ny2", NyAt(0, 10), "urgent", Ny, "bob")),                                   // breaches 11:00 and 18:00
            Batch(Created("ny6", NyAt(0, 11), "high", Ny, "alice"), Reply("ny6", NyAt(0, 11, 30))),
            Batch(Status("ny6", NyAt(0, 12), "solved")),
            Batch(Status("ny6", NyAt(0, 14), "open")),
            Batch(Created("ny7", NyAt(0, 23, 30), "high", Ny, "bob"), Reply("ny7", NyAt(1, 0, 30))),     // the next day in UTC
            Batch(Status("ny7", NyAt(1, 1), "solved")),
            Batch(Created("ny11", now.AddHours(-3), "high", Ny, "dave")),                            // at risk now
            Batch(Created("tk3", TkAt(-1, 22), "normal", Tokyo, "yui"), Reply("tk3", TkAt(0, 7))),       // breached 06:00, achieved late
            Batch(Status("tk3", TkAt(0, 8), "solved")),
            Batch(Created("tk1", TkAt(0, 9), "high", Tokyo, "kenji"), Reply("tk1", TkAt(0, 14))),        // breached 13:00, achieved late
            Batch(Status("tk1", TkAt(0, 18), "solved")),
            Batch(Created("tk2", TkAt(0, 10), "urgent", Tokyo, null), Reply("tk2", TkAt(0, 10, 20))),    // no agent; resolution breached 18:00
            Batch(Created("tk4", TkAt(0, 12), "high", Tokyo, "kenji"), Reply("tk4", TkAt(0, 12, 30))),
            Batch(Status("tk4", TkAt(0, 13), "solved")),
            Batch(Status("tk4", TkAt(0, 15), "open")),
            Batch(Created("tk5", TkAt(0, 21, 50), "low", Tokyo, "yui")),                              // breaches the next day
        ];
    }

    /// <summary>New York's day: two days before its today.</summary>
    public LocalDate NyDay { get; }

    /// <summary>Tokyo's day: two days before its today.</summary>
    public LocalDate TokyoDay { get; }

    public string NyDate => NyDay.ToString("yyyy-MM-dd", null);

    public string TokyoDate => TokyoDay.ToString("yyyy-MM-dd", null);

    /// <summary>The requests, in order: one ticket's events each.</summary>
    public IReadOnlyList<JsonArray> Steps { get; }

    /// <summary>A ticket key of this run.</summary>
    public string K(string name) => $"{name}:{run}";

    /// <summary>
    /// Configures both teams and the policy; with <paramref name="escalate"/>, urgent tickets (ny2, ny4, tk2) are
    /// under a policy with the same targets and the <see cref="Runbook"/>. Only ny2 (first_reply and resolution)
    /// and tk2 (resolution) breach, and neither is ever solved, so which steps happen does not depend on timing.
    /// </summary>
    public static async Task ConfigureAsync(HttpClient http, bool escalate = false)
    {
        await http.PutJsonAsync("/v1/teams/desk-ny", JsonNode.Parse("""{"zone": "America/New_York", "digestHour": 0, "unassignedLimit": "PT1H"}""")!);
        await http.PutJsonAsync("/v1/teams/desk-tokyo", JsonNode.Parse("""{"zone": "Asia/Tokyo", "digestHour": 0, "unassignedLimit": "PT30M"}""")!);
        const string Targets = """
            {"targets": {
                "urgent": {"first_reply": {"target": "PT1H", "calendar": "24x7"}, "resolution": {"target": "PT8H", "calendar": "24x7"}},
                "high": {"first_reply": {"target": "PT4H", "calendar": "24x7"}},
                "normal": {"first_reply": {"target": "PT8H", "calendar": "24x7"}},
                "low": {"first_reply": {"target": "P1D", "calendar": "24x7"}}},
              "atRisk": {"first_reply": {"percent": 50}}}
            """;
        var policies = new JsonArray();
        if (escalate)
        {
            await http.PutJsonAsync($"/v1/runbooks/{Runbook}", JsonNode.Parse("""
                {"levels": [{"trigger": "breached", "owner": "assignee", "actions": ["notify", "create_task"], "ackWithin": "PT5M"}]}
                """)!);
            var urgent = JsonNode.Parse(Targets)!.AsObject();
            (urgent["id"], urgent["when"], urgent["runbook"]) = ("urgent", new JsonObject { ["priority"] = new JsonArray("urgent") }, Runbook);
            policies.Add(urgent);
        }

        var all = JsonNode.Parse(Targets)!.AsObject();
        all["id"] = "all";
        policies.Add(all);
        await http.PutJsonAsync("/v1/policies", policies);

        // Each silo reads the configuration through a cache refreshed at most once a second.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    /// <summary>Posts one step, retrying while the cluster answers 503 or not at all (a silo was just killed).</summary>
    public static Task PostAsync(HttpClient http, JsonArray step) =>
        Eventually.ValueAsync(
            () => http.PostEventsAsync(step.DeepClone()),
            answer =>
            {
                Assert.True(answer.Status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{(int)answer.Status} {answer.Body}");
                return answer.Status == HttpStatusCode.Accepted;
            },
            TimeSpan.FromSeconds(90),
            "the step accepted",
            answer => $"{(int)answer.Status} {answer.Body}",
            TimeSpan.FromMilliseconds(500),

            // The silo behind a call was killed; the survivor takes over once it is declared dead.
            ex => ex is HttpRequestException or TaskCanceledException);

    /// <summary>
    /// Makes the ticket index say ny4 has been paused, unchanged, for three days: the index stamps rows with the
    /// silo's clock when they change, and a test cannot wait two days.
    /// </summary>
    public async Task AgePausedTicketAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("UPDATE sla_ticket_index SET updated_at = now() - interval '3 days' WHERE ticket_key = $1 AND sla_state = 'paused'");
        command.Parameters.AddWithValue(K("ny4"));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Reads a digest as JSON.</summary>
    public static async Task<DigestReport> ReadAsync(HttpClient http, string team, string date) =>
        (await http.GetFromJsonAsync<DigestReport>(new Uri($"/v1/digests/{team}/{date}", UriKind.Relative), Json))!;

    /// <summary>
    /// Reads both digests until they hold the expected figures (at most 90 s), then once more 2 s later; with
    /// <paramref name="escalated"/>, each team's escalation steps of today too (<see cref="AssertSteps"/>).
    /// </summary>
    public async Task<(DigestReport Ny, DigestReport Tokyo)> SettledAsync(HttpClient http, bool escalated = false)
    {
        var seen = "";
        await Eventually.TrueAsync(
            async () =>
            {
                var ny = await ReadAsync(http, Ny, NyDate);
                var tokyo = await ReadAsync(http, Tokyo, TokyoDate);
                seen = $"{ny}\n{tokyo}";
                return Holds(() => AssertNy(ny)) && Holds(() => AssertTokyo(tokyo))
                    && (!escalated || (Holds(AssertSteps(Ny, await ReadStepsAsync(http, Ny))) && Holds(AssertSteps(Tokyo, await ReadStepsAsync(http, Tokyo)))));
            },
            TimeSpan.FromSeconds(90),
            "the expected figures in both digests",
            () => seen,
            TimeSpan.FromMilliseconds(500));

        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(2));
        var settledNy = await ReadAsync(http, Ny, NyDate);
        var settledTokyo = await ReadAsync(http, Tokyo, TokyoDate);
        AssertNy(settledNy);
        AssertTokyo(settledTokyo);
        if (escalated)
        {
            AssertSteps(Ny, await ReadStepsAsync(http, Ny))();
            AssertSteps(Tokyo, await ReadStepsAsync(http, Tokyo))();
        }

        return (settledNy, settledTokyo);
    }

    /// <summary>The escalations of the urgent runbook: ny2's first_reply and resolution, tk2's resolution.</summary>
    public IReadOnlyList<string> EscalationIds =>
    [
        Contracts.Escalations.EscalationIds.Of(K("ny2"), "first_reply", Runbook),
        Contracts.Escalations.EscalationIds.Of(K("ny2"), "resolution", Runbook),
        Contracts.Escalations.EscalationIds.Of(K("tk2"), "resolution", Runbook),
    ];

    /// <summary>
    /// Waits (at most 120 s) until every escalation was raised, left unacknowledged past its window (due days ago)
    /// and has its task; then acknowledges ny2's first_reply and tk2's escalation and marks ny2's task done.
    /// </summary>
    public async Task ActOnEscalationsAsync(HttpClient http)
    {
        async Task<string?> NotYetAsync()
        {
            foreach (var id in EscalationIds)
            {
                using var response = await http.GetAsync(new Uri($"/v1/escalations/{id}", UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.OK
                    || await response.Content.ReadFromJsonAsync<EscalationView>(Json) is not { TaskIds.Count: 1 } view
                    || !view.History.Any(s => s.Step == "ack_timed_out"))
                {
                    return id;
                }
            }

            return null;
        }

        await Eventually.ValueAsync(
            NotYetAsync, id => id is null, TimeSpan.FromSeconds(120), "every escalation raised, timed out and given a task",
            id => $"escalation {id} not yet", TimeSpan.FromMilliseconds(500));

        foreach (var id in new[] { EscalationIds[0], EscalationIds[2] })
        {
            using var acknowledged = await http.PostAsJsonAsync(new Uri($"/v1/escalations/{id}/ack", UriKind.Relative), new { by = "lead" });
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        using var done = await http.PatchAsJsonAsync(new Uri($"/v1/tasks/{Contracts.Escalations.EscalationIds.TaskOf(K("ny2"), Runbook, 1)}", UriKind.Relative), new { status = "done", by = "eng" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    /// <summary>
    /// The team's local days from the scenario's start until now, when escalation steps happen (at the silo's
    /// clock): its today, or two days when the run crosses local midnight.
    /// </summary>
    public IReadOnlyList<string> StepDates(string team)
    {
        var zone = team == Ny ? NewYork : TokyoZone;
        var dates = new List<string>();
        for (var day = Instant.FromDateTimeOffset(now).InZone(zone).Date; day <= SystemClock.Instance.GetCurrentInstant().InZone(zone).Date; day = day.PlusDays(1))
        {
            dates.Add(day.ToString("yyyy-MM-dd", null));
        }

        return dates;
    }

    /// <summary>A team's escalation figures on its <see cref="StepDates"/>, summed.</summary>
    public async Task<(DigestEscalations Escalations, DigestTasks Tasks, string Timeouts)> ReadStepsAsync(HttpClient http, string team)
    {
        var (escalations, tasks, timeouts) = (new DigestEscalations(0, 0, 0), new DigestTasks(0, 0), new List<string>());
        foreach (var date in StepDates(team))
        {
            var report = await ReadAsync(http, team, date);
            escalations = new DigestEscalations(
                escalations.Raised + report.Escalations.Raised,
                escalations.Acknowledged + report.Escalations.Acknowledged,
                escalations.Unacknowledged + report.Escalations.Unacknowledged);
            tasks = new DigestTasks(tasks.Opened + report.Tasks.Opened, tasks.Closed + report.Tasks.Closed);
            timeouts.AddRange(report.Exceptions.Single(e => e.Kind == DigestExceptionKinds.AcknowledgementTimeouts).Tickets.Select(t => t.TicketKey));
        }

        return (escalations, tasks, string.Join(",", timeouts.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Counted by hand: New York raised ny2's two escalations, both timed out, one acknowledged, one task (one per
    /// ticket and step) opened and done; Tokyo raised tk2's, which timed out and was acknowledged, its task open.
    /// </summary>
    public Action AssertSteps(string team, (DigestEscalations Escalations, DigestTasks Tasks, string Timeouts) steps) => () =>
        Assert.Equal(
            team == Ny
                ? (new DigestEscalations(2, 1, 2), new DigestTasks(1, 1), $"{K("ny2")},{K("ny2")}")
                : (new DigestEscalations(1, 1, 1), new DigestTasks(1, 0), K("tk2")),
            steps);

    public void AssertNy(DigestReport ny)
    {
        Assert.Equal((Ny, NyDate, "America/New_York"), (ny.Team, ny.Date, ny.Zone));
        Assert.Equal((5, 3), (ny.NewTickets, ny.SolvedTickets));
        Assert.NotNull(ny.Backlog);
        Assert.Equal((6, 1, 3, 1, 1, 0, 1), (ny.Backlog.Open, ny.Backlog.Under1Day, ny.Backlog.From1To3Days, ny.Backlog.From3To7Days, ny.Backlog.Over7Days, ny.Backlog.AgeUnknown, ny.Backlog.AtRiskNow));
        Assert.Equal("first_reply 2, resolution 1", Counts(ny.Breaches.ByMetric));
        Assert.Equal("urgent 2, normal 1", Counts(ny.Breaches.ByPriority));
        Assert.Equal("first_reply/urgent 1, first_reply/normal 1, resolution/urgent 1", string.Join(", ", ny.Breaches.ByMetricAndPriority.Select(b => $"{b.Metric}/{b.Priority} {b.Count}")));
        Assert.Equal($"{K("ny2")} first_reply {NyAt(0, 11):O}, {K("ny3")} first_reply {NyAt(0, 16):O}, {K("ny2")} resolution {NyAt(0, 18):O}", Items(ny.Breaches.Tickets));
        Assert.Equal("first_reply 3/1/2 0.6, resolution 0/0/1 0", Achievement(ny));
        Assert.Equal((0, 0, 0, 0, 0), (ny.Escalations.Raised, ny.Escalations.Acknowledged, ny.Escalations.Unacknowledged, ny.Tasks.Opened, ny.Tasks.Closed));
        Assert.Equal(
            $"unassigned_past_limit: {K("ny3")}; paused_for_days: {K("ny4")}; breached_still_open: {K("ny2")}; acknowledgement_timeouts: ; reopened: {K("ny6")}; rejected_events: ; failed_deliveries: ",
            Exceptions(ny));
    }

    public void AssertTokyo(DigestReport tokyo)
    {
        Assert.Equal((Tokyo, TokyoDate, "Asia/Tokyo"), (tokyo.Team, tokyo.Date, tokyo.Zone));
        Assert.Equal((4, 3), (tokyo.NewTickets, tokyo.SolvedTickets));
        Assert.NotNull(tokyo.Backlog);
        Assert.Equal((3, 0, 3, 0, 0, 0, 0), (tokyo.Backlog.Open, tokyo.Backlog.Under1Day, tokyo.Backlog.From1To3Days, tokyo.Backlog.From3To7Days, tokyo.Backlog.Over7Days, tokyo.Backlog.AgeUnknown, tokyo.Backlog.AtRiskNow));
        Assert.Equal("first_reply 2, resolution 1", Counts(tokyo.Breaches.ByMetric));
        Assert.Equal("urgent 1, high 1, normal 1", Counts(tokyo.Breaches.ByPriority));
        Assert.Equal($"{K("tk3")} first_reply {TkAt(0, 6):O}, {K("tk1")} first_reply {TkAt(0, 13):O}, {K("tk2")} resolution {TkAt(0, 18):O}", Items(tokyo.Breaches.Tickets));
        Assert.Equal("first_reply 2/2/2 0.5, resolution 0/0/1 0", Achievement(tokyo));
        Assert.Equal(
            $"unassigned_past_limit: {K("tk2")}; paused_for_days: ; breached_still_open: {K("tk2")},{K("tk5")}; acknowledgement_timeouts: ; reopened: {K("tk4")}; rejected_events: ; failed_deliveries: ",
            Exceptions(tokyo));
    }

    public DateTimeOffset NyAt(int day, int hour, int minute = 0) =>
        NyDay.PlusDays(day).At(new LocalTime(hour, minute)).InZoneLeniently(NewYork).ToDateTimeOffset().ToUniversalTime();

    public DateTimeOffset TkAt(int day, int hour, int minute = 0) =>
        TokyoDay.PlusDays(day).At(new LocalTime(hour, minute)).InZoneLeniently(TokyoZone).ToDateTimeOffset().ToUniversalTime();

    private static bool Holds(Action assertion)
    {
        try
        {
            assertion();
            return true;
        }
        catch (XunitException)
        {
            return false;
        }
    }

    private static string Counts(IEnumerable<DigestCount> counts) => string.Join(", ", counts.Select(c => $"{c.Name} {c.Count}"));

    private static string Items(IEnumerable<DigestTicketItem> items) =>
        string.Join(", ", items.Select(i => $"{i.TicketKey} {i.Metric} {i.At!.Value.ToUniversalTime():O}"));

    private static string Achievement(DigestReport report) =>
        string.Join(", ", report.Achievement.Select(a => $"{a.Metric} {a.OnTime}/{a.Late}/{a.Breached} {a.Rate?.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));

    private static string Exceptions(DigestReport report) =>
        string.Join("; ", report.Exceptions.Select(e => $"{e.Kind}: {string.Join(',', e.Tickets.Select(t => t.TicketKey))}"))
        + (report.Exceptions.All(e => e.Count == e.Tickets.Count) ? "" : " (counts differ from the lists)");

    private JsonArray Batch(params JsonObject[] events) => new(events);

    private JsonObject Created(string ticket, DateTimeOffset time, string priority, string team, string? assignee)
    {
        var data = new JsonObject { ["priority"] = priority, ["team"] = team, ["status"] = "open" };
        if (assignee is not null)
        {
            data["assignee"] = assignee;
        }

        return GatewayRequests.Event(K(ticket), NextId(), "ticket.created", time, data);
    }

    private JsonObject Reply(string ticket, DateTimeOffset time) => GatewayRequests.Comment(K(ticket), NextId(), time, "agent");

    private JsonObject Status(string ticket, DateTimeOffset time, string status) =>
        GatewayRequests.Event(K(ticket), NextId(), "ticket.updated", time, new JsonObject { ["status"] = status });

    private string NextId() => $"{run}-{Interlocked.Increment(ref sequence)}";
}

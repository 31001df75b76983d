using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Silo.Tests.Notifications;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// The escalation issue's runbook over HTTP on two silo processes and PostgreSQL, in seconds instead of minutes: at
/// risk, notify the assignee; breached, reassign to the team lead; unacknowledged, open an engineering task. The
/// silo holding half the escalations is killed between the breach and the task.
/// </summary>
public sealed class EscalationEndToEndTests(ITestOutputHelper output)
{
    private const int Tickets = 8;

    [Fact]
    public async Task Every_unacknowledged_breach_gets_exactly_one_task_across_a_killed_silo_and_an_acknowledged_one_gets_none()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("escalations");
        var cluster = "esc-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        await ConfigureAsync(b);

        var created = DateTimeOffset.UtcNow;
        var batchA = new JsonArray();
        var batchB = new JsonArray();
        for (var i = 0; i < Tickets; i++)
        {
            (i % 2 == 0 ? batchA : batchB).Add(GatewayRequests.Created(Key(i), Key(i) + "-created", created, team: "support"));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await a.Http.PostEventsAsync(batchA)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await b.Http.PostEventsAsync(batchB)).Status);

        // 12 s: breached; level 2 reassigns every ticket to the lead. Ticket 0's lead acknowledges.
        var breachedAt = created.AddSeconds(12);
        for (var i = 0; i < Tickets; i++)
        {
            await UntilAsync(b, Key(i), e => e.Level == 2, breachedAt.AddSeconds(20));
        }

        var acknowledged = await b.Http.PostAsJsonAsync($"/v1/escalations/{Id(0)}/ack", new { by = "lead-1" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);

        // Before level 3 is due (17 s), the silo that holds half of them dies.
        Assert.True(DateTimeOffset.UtcNow < created.AddSeconds(17), "level 2 came too late to kill before level 3");
        a.Kill();
        output.WriteLine($"killed silo-a {(created.AddSeconds(17) - DateTimeOffset.UtcNow).TotalSeconds:F1} s before level 3 was due");

        var lateness = new List<TimeSpan>();
        for (var i = 1; i < Tickets; i++)
        {
            var escalation = await UntilAsync(b, Key(i), e => e.Level == 3 && e.TaskIds.Count > 0, created.AddSeconds(90));
            lateness.Add(escalation.History.Last(s => s.Step == "raised").At - created.AddSeconds(17));
        }

        // A while longer: a repeated tick or a redelivered transition would show now.
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(12));
        for (var i = 1; i < Tickets; i++)
        {
            var ticket = (await b.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Key(i)}"))!;
            Assert.Equal("lead-1", (string?)ticket["owner"]!["agent"]);
            var task = Assert.Single(ticket["tasks"]!.AsArray());
            Assert.Equal(EscalationIds.TaskOf(Key(i), "standard", 3), (string?)task!["id"]);
            var escalation = (await b.Http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{Id(i)}"))!;
            Assert.Equal((3, "team:platform", 1), (escalation.Level, escalation.Owner, escalation.TaskIds.Count));
            Assert.Equal(3, escalation.History.Count(s => s.Step == "raised"));
            Assert.Single(escalation.History, s => s.Step == "task_created");
        }

        output.WriteLine($"level 3 lateness: max {lateness.Max().TotalSeconds:F1} s");
        Assert.All(lateness, l => Assert.InRange(l, TimeSpan.Zero, TimeSpan.FromSeconds(45)));

        // The acknowledged escalation stood level 3 down: no task.
        var quiet = (await b.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Key(0)}"))!;
        Assert.Empty(quiet["tasks"]!.AsArray());
        var stoodDown = (await b.Http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{Id(0)}"))!;
        Assert.Equal((2, true, "restore_sla"), (stoodDown.Level, stoodDown.Acknowledged, stoodDown.NextAction!.Action));

        // The task tells the story, and its status comes back onto the ticket's timeline.
        var taskId = EscalationIds.TaskOf(Key(1), "standard", 3);
        var opened = (await b.Http.GetFromJsonAsync<EngineeringTaskView>($"/v1/tasks/{taskId}"))!;
        Assert.Equal(("open", "platform", Key(1), "/v1/tickets/esc%3A1"), (opened.Status, opened.EngineeringTeam, opened.Ticket.Key, opened.TicketLink));
        Assert.Equal(new("support", "lead-1"), opened.Ticket.Owner);
        Assert.Contains(opened.EscalationPath, s => s.Step == "reassigned");
        Assert.Equal("breached", opened.Ticket.Metrics.Single(m => m.Metric == "first_reply").State);
        var patched = await b.Http.PatchAsJsonAsync($"/v1/tasks/{taskId}", new { status = "done", by = "eng-1", note = "fixed the checkout" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var open = (await b.Http.GetFromJsonAsync<JsonObject>("/v1/escalations?state=open&owner=team:platform&limit=100"))!;
        Assert.Equal(Tickets - 1, open["escalations"]!.AsArray().Count(e => ((string?)e!["ticketKey"])!.StartsWith(KeyPrefix, StringComparison.Ordinal)));

        var actions = await TimelineActionsAsync(b, Key(1), "task_status_changed");
        Assert.Equal(3, actions.Count(a => a == "escalation_raised"));
        Assert.Single(actions, a => a == "task_created");
        Assert.Single(actions, a => a == "task_status_changed");
        Assert.Contains("owner_changed", actions);

        // Someone with database access rewrites who acknowledged: audit verify names the ticket's chain.
        await using (var dataSource = NpgsqlDataSource.Create(database))
        await using (var edit = dataSource.CreateCommand(
            "UPDATE sla_audit SET actor = 'someone-else' WHERE chain_key = $1 AND action = 'escalation_acknowledged'"))
        {
            edit.Parameters.AddWithValue(Key(0));
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        await using var verify = SiloProcess.Launch(new Dictionary<string, string>(), ["audit", "verify", "--postgres", database]);
        Assert.Equal(3, await verify.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var broken = Assert.Single(verify.Output.Split('\n'), l => l.StartsWith("broken:", StringComparison.Ordinal));
        Assert.StartsWith($"broken: chain {Key(0)} at sequence ", broken, StringComparison.Ordinal);
    }

    /// <summary>
    /// The runbook with a loopback webhook receiver taking <c>escalation.*</c> and <c>task.*</c>: one ticket runs to
    /// its task (level 1 repeats once), whose status changes, then is handed off (the task shows the new owner) and
    /// resolved by hand; another is acknowledged at level 2 and achieved. Every notice its history implies arrives
    /// exactly once, signed as the README says, and nothing else arrives.
    /// </summary>
    [Fact]
    public async Task Every_escalation_and_task_notice_of_the_runbook_reaches_a_webhook_once_and_signed()
    {
        const string Path = "flow";
        var secret = "flow-secret-" + Guid.NewGuid().ToString("N");
        await using var receiver = await WebhookReceiver.StartAsync(new Dictionary<string, string> { [Path] = secret });
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("escwebhooks");
        var environment = SiloProcess.Environment("silo-hooks", "esc-hooks-" + Guid.NewGuid().ToString("N")[..8], database);
        environment["Notifications__Webhooks__0__Name"] = Path;
        environment["Notifications__Webhooks__0__Url"] = receiver.UrlOf(Path).ToString();
        environment["Notifications__Webhooks__0__Secret"] = secret;
        environment["Notifications__Webhooks__0__Types"] = "escalation.*, task.*";
        await using var silo = await SiloProcess.StartAsync(environment);
        await ConfigureAsync(silo, """
            { "levels": [
              { "trigger": "at_risk", "owner": "assignee", "actions": ["notify"], "ackWithin": "PT2S", "repeats": 1, "repeatEvery": "PT2S" },
              { "trigger": "breached", "owner": "team_lead", "actions": ["notify", "reassign"], "ackWithin": "PT3S" },
              { "trigger": "unacknowledged_for PT5S", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT1H" }
            ] }
            """);

        var created = DateTimeOffset.UtcNow;
        var (tasked, acked) = ("hooks:tasked", "hooks:acked");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(new JsonArray(
            GatewayRequests.Created(tasked, "tasked-created", created, team: "support"),
            GatewayRequests.Created(acked, "acked-created", created, team: "support")))).Status);

        // 12 s: breached. The lead acknowledges one; then its metric is achieved (a public agent reply).
        var ackedEscalation = await UntilAsync(silo, acked, e => e.Level == 2, created.AddSeconds(40));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PostAsJsonAsync($"/v1/escalations/{ackedEscalation.Id}/ack", new { by = "lead-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Comment(acked, "acked-reply", DateTimeOffset.UtcNow, "agent"))).Status);
        await UntilAsync(silo, acked, e => e.State == "resolved", created.AddSeconds(60));

        // 17 s: the other opens its task; its status changes; a hand-off reaches the task; it is resolved by hand.
        var taskedEscalation = await UntilAsync(silo, tasked, e => e.TaskIds.Count == 1, created.AddSeconds(60));
        var taskId = taskedEscalation.TaskIds[0];
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PatchAsJsonAsync($"/v1/tasks/{taskId}", new { status = "in_progress", by = "eng-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PostAsJsonAsync($"/v1/escalations/{taskedEscalation.Id}/handoff", new { to = "user:eng-1", reason = "knows the checkout", by = "lead-1" })).StatusCode);
        var followed = (await silo.Http.GetFromJsonAsync<EngineeringTaskView>($"/v1/tasks/{taskId}"))!;
        Assert.Equal(("user:eng-1", "handed_off"), (followed.EscalationOwner, followed.EscalationPath[^1].Step));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PostAsJsonAsync($"/v1/escalations/{taskedEscalation.Id}/resolve", new { by = "eng-1", reason = "fixed" })).StatusCode);

        // What the histories say was noticed, by delivery key and type.
        var expected = new Dictionary<string, string>();
        foreach (var id in new[] { taskedEscalation.Id, ackedEscalation.Id })
        {
            var escalation = (await silo.Http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{id}"))!;
            foreach (var (step, index) in escalation.History.Select((s, i) => (s, i)))
            {
                var repeat = escalation.History.Take(index + 1).Count(s => s.Step == "notified" && s.Level == step.Level);
                (string Suffix, string Type)? notice = step.Step switch
                {
                    "raised" => ($"L{step.Level}/raised", "escalation.raised"),
                    "ack_timed_out" => ($"L{step.Level}/ack_timed_out", "escalation.unacknowledged"),
                    "notified" => ($"L{step.Level}/repeat#{repeat}", "escalation.renotified"),
                    "acknowledged" => ($"L{step.Level}/acknowledged", "escalation.acknowledged"),
                    "handed_off" => ($"handoff#{index + 1}", "escalation.handed_off"),
                    "resolved" => ("resolved", "escalation.resolved"),
                    _ => null,
                };
                if (notice is { } n)
                {
                    expected.Add($"{id}/{n.Suffix}", n.Type);
                }
            }
        }

        expected.Add($"{taskId}/created", "task.created");
        expected.Add($"{taskId}/status#1", "task.status_changed");
        Assert.Contains("escalation.renotified", expected.Values);
        Assert.Contains("escalation.handed_off", expected.Values);

        // All arrive; a while longer, nothing arrives twice.
        await Eventually.ValueAsync(
            () => Task.FromResult(receiver.Received(Path)), r => expected.Keys.All(k => r.Any(d => d.DeliveryKey == k)), TimeSpan.FromSeconds(30), "every expected delivery",
            r => string.Join(", ", expected.Keys.Where(k => !r.Any(d => d.DeliveryKey == k))) + " missing");
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(5));
        var received = receiver.Received(Path);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), received.Select(d => d.DeliveryKey).Order(StringComparer.Ordinal));
        Assert.All(received, d =>
        {
            Assert.True(d.SignatureValid, $"{d.DeliveryKey}: bad signature");
            using var body = JsonDocument.Parse(d.BodyText);
            Assert.Equal((d.DeliveryKey, expected[d.DeliveryKey]), (body.RootElement.GetProperty("id").GetString(), body.RootElement.GetProperty("type").GetString()));
        });
    }

    [Fact]
    public async Task Bad_escalation_and_task_commands_get_problems_and_change_nothing()
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("silo-bad", "esc-bad-" + Guid.NewGuid().ToString("N")[..6], null));
        var unknown = "esc_" + new string('a', 20);
        var cases = new (HttpMethod Method, string Path, string? Body, HttpStatusCode Expected)[]
        {
            (HttpMethod.Post, "/v1/escalations/not-an-id/ack", null, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/ack", null, HttpStatusCode.NotFound),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/ack", "{", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/ack", "[1]", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/ack", """{"by":5}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/handoff", """{"reason":"x"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/handoff", """{"to":"robot:1","reason":"x"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/handoff", """{"to":"user:bob","reason":"x","extra":"y"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1/escalations/{unknown}/handoff", """{"to":"user:bob","reason":"x"}""", HttpStatusCode.NotFound),
            (HttpMethod.Get, "/v1/escalations?state=sleeping", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/v1/escalations?limit=0", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/v1/tasks/task_x", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/v1/tasks/task_" + new string('b', 20), null, HttpStatusCode.NotFound),
            (new HttpMethod("PATCH"), "/v1/tasks/task_" + new string('b', 20), """{"status":"finished"}""", HttpStatusCode.BadRequest),
            (new HttpMethod("PATCH"), "/v1/tasks/task_" + new string('b', 20), "{}", HttpStatusCode.BadRequest),
            (new HttpMethod("PATCH"), "/v1/tasks/task_" + new string('b', 20), """{"status":"done"}""", HttpStatusCode.NotFound),
        };
        foreach (var (method, path, body, expected) in cases)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await silo.Http.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{method} {path} {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var reader = new HttpClient { BaseAddress = silo.Http.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/v1/escalations/{unknown}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/escalations?state=open")).StatusCode);
    }

    private const string KeyPrefix = "esc:";

    private static string Key(int i) => $"{KeyPrefix}{i}";

    private static string Id(int i) => EscalationIds.Of(Key(i), "first_reply", "standard");

    private const string StandardRunbook = """
        { "levels": [
          { "trigger": "at_risk", "owner": "assignee", "actions": ["notify"], "ackWithin": "PT4S" },
          { "trigger": "breached", "owner": "team_lead", "actions": ["notify", "reassign"], "ackWithin": "PT5S" },
          { "trigger": "unacknowledged_for PT5S", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT1H" }
        ] }
        """;

    private static async Task ConfigureAsync(SiloProcess silo, string runbook = StandardRunbook)
    {
        await silo.Http.PutJsonAsync("/v1/teams/support", JsonNode.Parse("""
            { "members": ["agent-1", "agent-2"], "lead": "lead-1", "zone": "UTC", "digestHour": 8,
              "unassignedLimit": "PT30M", "assignment": "round_robin" }
            """)!);
        await silo.Http.PutJsonAsync("/v1/teams/platform", JsonNode.Parse("""
            { "members": ["eng-1"], "lead": "eng-lead", "zone": "UTC", "digestHour": 8,
              "unassignedLimit": "PT1H", "assignment": "round_robin" }
            """)!);
        await silo.Http.PutJsonAsync("/v1/runbooks/standard", JsonNode.Parse(runbook)!);
        await silo.Http.PutJsonAsync("/v1/policies", JsonNode.Parse("""
            [ { "id": "standard", "runbook": "standard",
                "targets": { "high": { "first_reply": { "target": "PT12S", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } } ]
            """)!);
    }

    private static async Task<EscalationView> UntilAsync(SiloProcess silo, string key, Func<EscalationView, bool> condition, DateTimeOffset giveUp)
    {
        async Task<EscalationView?> ReadAsync()
        {
            var page = await silo.Http.GetFromJsonAsync<JsonObject>($"/v1/escalations?ticket={Uri.EscapeDataString(key)}");
            var id = (string?)page!["escalations"]!.AsArray().FirstOrDefault()?["id"];
            return id is null ? null : await silo.Http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{id}");
        }

        // A grain on the killed silo answers only once that silo is declared dead: a refused read means "not yet".
        return (await Eventually.ValueAsync(
            ReadAsync,
            last => last is not null && condition(last),
            giveUp - DateTimeOffset.UtcNow,
            $"{key}'s escalation by {giveUp:O}",
            last => last is null ? "no escalation" : string.Join(", ", last.History.Select(s => $"L{s.Level} {s.Step} {s.At:HH:mm:ss.fff}")),
            TimeSpan.FromMilliseconds(200),
            ex => ex is HttpRequestException))!;
    }

    private static Task<string[]> TimelineActionsAsync(SiloProcess silo, string key, string waitFor) =>
        Eventually.ValueAsync(
            async () => (await silo.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(key)}/timeline"))!["entries"]!
                .AsArray().Select(e => (string)e!["action"]!).ToArray(),
            actions => actions.Contains(waitFor),
            TimeSpan.FromSeconds(20),
            $"{waitFor} on {key}'s timeline",
            actions => string.Join(", ", actions),
            TimeSpan.FromMilliseconds(200));
}

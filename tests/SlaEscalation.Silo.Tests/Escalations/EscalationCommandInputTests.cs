using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// Commands on a live escalation and its task over HTTP, on two silos and PostgreSQL: bad ones get a 4xx problem and
/// change nothing anywhere (the grain, the index, the ticket's timeline); good ones reach all three.
/// </summary>
public sealed class EscalationCommandInputTests(EscalationCommandSilos silos) : IClassFixture<EscalationCommandSilos>
{
    private static readonly HttpMethod Patch = new("PATCH");

    [Fact]
    public async Task A_NUL_in_a_hand_off_reason_gets_400_naming_reason_and_changes_nothing()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var before = await silos.SettledSnapshotAsync(escalation);

        var problem = await SendAsync(HttpMethod.Post, $"/v1/escalations/{escalation.Id}/handoff", """{"to":"user:bob","reason":"a\u0000b"}""");

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.StartsWith("/reason: must not contain control characters", Assert.Single(problem.Errors), StringComparison.Ordinal);
        Assert.Equal(before, await silos.SnapshotAsync(escalation));
    }

    [Fact]
    public async Task A_hand_off_to_an_owner_that_cannot_exist_gets_400_at_to_and_a_defined_team_takes_it()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var handoff = $"/v1/escalations/{escalation.Id}/handoff";
        var before = await silos.SettledSnapshotAsync(escalation);

        foreach (var (to, expected) in new[]
        {
            ("team:nosuchteam", "/to: team 'nosuchteam' is not defined in the configuration"),
            ("user:a b", "/to: must be 'user:<id>'"),
            ("user:a:b", "/to: must be 'user:<id>'"),
            ("a\u2003b", "/to: must be 'user:<id>'"),
        })
        {
            var problem = await SendAsync(HttpMethod.Post, handoff, $$"""{"to":"{{to}}","reason":"x"}""");

            Assert.True(problem.Status == HttpStatusCode.BadRequest, $"{to}: {problem}");
            Assert.StartsWith(expected, Assert.Single(problem.Errors), StringComparison.Ordinal);
            Assert.Equal(before, await silos.SnapshotAsync(escalation));
        }

        using var handedOff = await silos.A.Http.PostAsync(handoff, new StringContent("""{"to":"team:support","reason":"x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal((HttpStatusCode.OK, "team:support"), (handedOff.StatusCode, (await handedOff.Content.ReadFromJsonAsync<EscalationView>())!.Owner));
    }

    [Fact]
    public async Task A_by_longer_than_the_audit_actor_column_gets_400_on_every_command_and_changes_nothing()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var before = await silos.SettledSnapshotAsync(escalation);
        var by = new string('b', 201);

        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Post, $"/v1/escalations/{escalation.Id}/handoff", $$"""{"to":"user:bob","reason":"x","by":"{{by}}"}"""),
            (HttpMethod.Post, $"/v1/escalations/{escalation.Id}/ack", $$"""{"by":"{{by}}"}"""),
            (HttpMethod.Post, $"/v1/escalations/{escalation.Id}/resolve", $$"""{"by":"{{by}}"}"""),
            (Patch, $"/v1/tasks/{escalation.TaskIds[0]}", $$"""{"status":"done","by":"{{by}}"}"""),
        })
        {
            var problem = await SendAsync(method, path, body);

            Assert.True(problem.Status == HttpStatusCode.BadRequest, $"{method} {path}: {problem}");
            Assert.Equal(["/by: must be at most 200 characters, not 201"], problem.Errors);
            Assert.Equal(before, await silos.SnapshotAsync(escalation));
        }
    }

    [Fact]
    public async Task Every_bad_command_on_a_live_escalation_and_task_gets_a_4xx_problem_and_changes_nothing()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var before = await silos.SettledSnapshotAsync(escalation);
        var (ack, handoff, resolve, task) = ($"/v1/escalations/{escalation.Id}/ack", $"/v1/escalations/{escalation.Id}/handoff",
            $"/v1/escalations/{escalation.Id}/resolve", $"/v1/tasks/{escalation.TaskIds[0]}");
        var cases = new (HttpMethod Method, string Path, string Body, HttpStatusCode Status, string Problem)[]
        {
            // Malformed, or not an object.
            (HttpMethod.Post, ack, "{", HttpStatusCode.BadRequest, "the body is not valid JSON"),
            (HttpMethod.Post, handoff, """{"to":"user:bob","reason":"x" """, HttpStatusCode.BadRequest, "the body is not valid JSON"),
            (HttpMethod.Post, resolve, "[]", HttpStatusCode.BadRequest, "the body must be a JSON object"),
            (HttpMethod.Post, handoff, "null", HttpStatusCode.BadRequest, "the body must be a JSON object"),
            (Patch, task, "\"done\"", HttpStatusCode.BadRequest, "the body must be a JSON object"),

            // Wrong types.
            (HttpMethod.Post, ack, """{"by":5}""", HttpStatusCode.BadRequest, "/by: must be a string"),
            (HttpMethod.Post, handoff, """{"to":["user:bob"],"reason":"x"}""", HttpStatusCode.BadRequest, "/to: must be a string"),
            (HttpMethod.Post, resolve, """{"reason":true}""", HttpStatusCode.BadRequest, "/reason: must be a string"),
            (HttpMethod.Post, ack, """{"note":null}""", HttpStatusCode.BadRequest, "/note: must be a string"),
            (Patch, task, """{"status":{"name":"done"}}""", HttpStatusCode.BadRequest, "/status: must be a string"),

            // Missing or blank required fields, and values that are none of those allowed.
            (HttpMethod.Post, handoff, "{}", HttpStatusCode.BadRequest, "/to: required"),
            (HttpMethod.Post, handoff, """{"to":"user:bob"}""", HttpStatusCode.BadRequest, "/reason: required"),
            (HttpMethod.Post, handoff, """{"reason":"x"}""", HttpStatusCode.BadRequest, "/to: required"),
            (HttpMethod.Post, handoff, """{"to":"robot:1","reason":"x"}""", HttpStatusCode.BadRequest, "/to: must be 'user:<id>'"),
            (HttpMethod.Post, handoff, """{"to":"user:bob","reason":"   "}""", HttpStatusCode.BadRequest, "/reason: must not be empty or blank"),
            (HttpMethod.Post, ack, """{"by":""}""", HttpStatusCode.BadRequest, "/by: must not be empty or blank"),
            (Patch, task, "{}", HttpStatusCode.BadRequest, "the body must change status or assignee"),
            (Patch, task, """{"note":"only a note"}""", HttpStatusCode.BadRequest, "the body must change status or assignee"),
            (Patch, task, """{"status":"finished"}""", HttpStatusCode.BadRequest, "/status: must be one of"),

            // Too long for where it lands.
            (HttpMethod.Post, handoff, $$"""{"to":"user:{{new string('t', 196)}}","reason":"x"}""", HttpStatusCode.BadRequest, "/to: must be at most 155 characters, not 201"),
            (HttpMethod.Post, handoff, $$"""{"to":"{{new string('t', 151)}}","reason":"x"}""", HttpStatusCode.BadRequest, "/to: must be 'user:<id>', 'team:<id>' or a user id; a user id is at most 150 characters"),
            (HttpMethod.Post, handoff, $$"""{"to":"user:bob","reason":"{{new string('r', 2001)}}"}""", HttpStatusCode.BadRequest, "/reason: must be at most 2000 characters, not 2001"),
            (HttpMethod.Post, ack, $$"""{"note":"{{new string('n', 2001)}}"}""", HttpStatusCode.BadRequest, "/note: must be at most 2000 characters, not 2001"),
            (Patch, task, $$"""{"assignee":"{{new string('a', 201)}}"}""", HttpStatusCode.BadRequest, "/assignee: must be at most 200 characters, not 201"),
            (HttpMethod.Post, ack, $$"""{"note":"{{new string('n', 17_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, "the body is larger than 16384 bytes"),
            (Patch, task, $$"""{"note":"{{new string('n', 17_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, "the body is larger than 16384 bytes"),

            // Control characters, and escapes that make no Unicode text.
            (HttpMethod.Post, ack, """{"by":"bob\u0000"}""", HttpStatusCode.BadRequest, "/by: must not contain control characters (U+0000 at 3)"),
            (HttpMethod.Post, ack, """{"by":"bob\nsmith"}""", HttpStatusCode.BadRequest, "/by: must not contain control characters (U+000A at 3)"),
            (HttpMethod.Post, ack, """{"note":"\u001b[31mred"}""", HttpStatusCode.BadRequest, "/note: must not contain control characters (U+001B at 0)"),
            (HttpMethod.Post, resolve, """{"reason":"done\u0000"}""", HttpStatusCode.BadRequest, "/reason: must not contain control characters"),
            (HttpMethod.Post, handoff, """{"to":"user:b\u0007b","reason":"x"}""", HttpStatusCode.BadRequest, "/to: must not contain control characters"),
            (HttpMethod.Post, ack, """{"by":"\ud800"}""", HttpStatusCode.BadRequest, "/by: is not valid Unicode"),
            (Patch, task, """{"status":"done","note":"a\u0000b"}""", HttpStatusCode.BadRequest, "/note: must not contain control characters"),
            (Patch, task, """{"assignee":"eng\u0085"}""", HttpStatusCode.BadRequest, "/assignee: must not contain control characters (U+0085 at 3)"),

            // A field twice (readers differ on which value counts), a field the command does not take.
            (HttpMethod.Post, handoff, """{"to":"user:bob","reason":"x","to":"user:eve"}""", HttpStatusCode.BadRequest, "/to: given more than once"),
            (Patch, task, """{"status":"done","status":"open"}""", HttpStatusCode.BadRequest, "/status: given more than once"),
            (HttpMethod.Post, handoff, """{"to":"user:bob","reason":"x","priority":"urgent"}""", HttpStatusCode.BadRequest, "/priority: unknown field"),
            (Patch, task, """{"status":"done","title":"x"}""", HttpStatusCode.BadRequest, "/title: unknown field"),

            // A hand-off to the owner it has, named in full or as a bare user id.
            (HttpMethod.Post, handoff, $$"""{"to":"{{escalation.Owner}}","reason":"x"}""", HttpStatusCode.Conflict, escalation.Owner),
            (HttpMethod.Post, handoff, $$"""{"to":"{{escalation.Owner["user:".Length..]}}","reason":"x"}""", HttpStatusCode.Conflict, escalation.Owner),
        };

        foreach (var (method, path, body, status, expected) in cases)
        {
            var problem = await SendAsync(method, path, body);

            var what = $"{method} {path} {(body.Length > 80 ? body[..80] + "..." : body)}: {(int)problem.Status} {problem.Body[..Math.Min(problem.Body.Length, 400)]}";
            Assert.True(problem.Status == status, what);
            Assert.True(problem.Errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)) || (status == HttpStatusCode.Conflict && problem.Body.Contains(expected, StringComparison.Ordinal)), what);
            Assert.Equal(before, await silos.SnapshotAsync(escalation));
        }

        var plain = await SendAsync(HttpMethod.Post, ack, """{"by":"bob"}""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.Status);
        Assert.Equal(["the body must be application/json, not 'text/plain; charset=utf-8'"], plain.Errors);
        Assert.Equal(before, await silos.SnapshotAsync(escalation));
    }

    [Fact]
    public async Task A_hand_off_then_a_resolve_over_HTTP_reach_the_escalation_its_index_row_and_the_ticket_timeline()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var ticket = Uri.EscapeDataString(escalation.TicketKey);
        var by = new string('h', 200); // all the audit's actor column holds

        using var handOff = await silos.A.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/handoff", new { to = "bob", reason = "a billing question", by });

        Assert.True(handOff.StatusCode == HttpStatusCode.OK, await handOff.Content.ReadAsStringAsync());
        var handedOff = (await handOff.Content.ReadFromJsonAsync<EscalationView>())!;
        Assert.Equal(("user:bob", "handed_off", by, "a billing question"), (handedOff.Owner, handedOff.History[^1].Step, handedOff.History[^1].Actor, handedOff.History[^1].Detail));
        Assert.Equal([escalation.Id], await IndexedIdsAsync($"state=open&owner=user:bob&ticket={ticket}"));
        Assert.Empty(await IndexedIdsAsync($"owner={Uri.EscapeDataString(escalation.Owner)}&ticket={ticket}"));

        using var resolve = await silos.B.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/resolve", new { by = "carol", reason = "refunded" });

        Assert.True(resolve.StatusCode == HttpStatusCode.OK, await resolve.Content.ReadAsStringAsync());
        var resolved = (await resolve.Content.ReadFromJsonAsync<EscalationView>())!;
        Assert.Equal(("resolved", "resolved", "user:bob", (NextAction?)null), (resolved.State, resolved.Resolution, resolved.Owner, resolved.NextAction));
        Assert.Empty(await IndexedIdsAsync($"state=open&ticket={ticket}"));
        Assert.Equal([escalation.Id], await IndexedIdsAsync($"state=resolved&owner=bob&ticket={ticket}"));
        using var again = await silos.A.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/resolve", new { by = "carol" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var timeline = await TimelineUntilAsync(escalation.TicketKey, "escalation_resolved");
        var handOffEntry = Assert.Single(timeline, e => (string?)e["action"] == "escalation_handed_off");
        var resolveEntry = Assert.Single(timeline, e => (string?)e["action"] == "escalation_resolved");
        Assert.True(timeline.IndexOf(handOffEntry) < timeline.IndexOf(resolveEntry));
        Assert.Equal(("user", SiloProcess.OperatorKeyName, by, escalation.Owner, "user:bob", "a billing question"), ((string?)handOffEntry["actorKind"], (string?)handOffEntry["actor"],
            (string?)handOffEntry["onBehalfOf"], (string?)handOffEntry["before"]!["owner"], (string?)handOffEntry["after"]!["owner"], (string?)handOffEntry["after"]!["reason"]));
        Assert.Equal(("user", SiloProcess.OperatorKeyName, "carol", "user:bob", "refunded", "escalation.resolved", escalation.Id), ((string?)resolveEntry["actorKind"], (string?)resolveEntry["actor"],
            (string?)resolveEntry["onBehalfOf"], (string?)resolveEntry["before"]!["owner"], (string?)resolveEntry["after"]!["reason"], (string?)resolveEntry["after"]!["notice"]!["type"], (string?)resolveEntry["causedBy"]));

        // `audit verify` reads the new action and finds every chain intact.
        await using var verify = SiloProcess.Launch(new Dictionary<string, string>(), ["audit", "verify", "--postgres", silos.Database]);
        Assert.True(await verify.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, verify.Output);
        Assert.Contains(" entries: intact.", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolve_whose_index_row_is_refused_answers_200_and_the_row_catches_up_once_the_index_takes_it()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var ticket = Uri.EscapeDataString(escalation.TicketKey);
        await using var database = NpgsqlDataSource.Create(silos.Database);
        // A trigger refuses the resolved row with a transient error (class 55, not the data's fault, which the index
        // would record and drop), as a locked or failing-over table would.
        var holder = "held_open_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(database, $$"""
            CREATE FUNCTION {{holder}}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF NEW.escalation_id = '{{escalation.Id}}' AND NEW.state <> 'open' THEN
                    RAISE EXCEPTION 'held open by the test' USING ERRCODE = '55P03';
                END IF;
                RETURN NEW;
            END $f$;
            CREATE TRIGGER {{holder}} BEFORE INSERT OR UPDATE ON sla_escalations FOR EACH ROW EXECUTE FUNCTION {{holder}}();
            """);
        try
        {
            using var resolve = await silos.A.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/resolve", new { by = "carol" });

            Assert.True(resolve.StatusCode == HttpStatusCode.OK, await resolve.Content.ReadAsStringAsync());
            Assert.Equal("resolved", (await resolve.Content.ReadFromJsonAsync<EscalationView>())!.State);
            Assert.Equal(["open"], await IndexedStatesAsync(ticket));
        }
        finally
        {
            await ExecuteAsync(database, $"DROP TRIGGER {holder} ON sla_escalations; DROP FUNCTION {holder}();");
        }

        // The grain's reminder retries the row (every 5 s) until it is in.
        await Eventually.ValueAsync(
            () => IndexedStatesAsync(ticket), states => states.SequenceEqual(["resolved"]), TimeSpan.FromSeconds(30),
            "the index row to catch up with the resolved escalation", states => string.Join(", ", states), TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task Every_task_change_with_its_note_lands_in_the_task_history_and_the_ticket_timeline()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var task = $"/v1/tasks/{escalation.TaskIds[0]}";

        using var assigned = await silos.A.Http.PatchAsJsonAsync(task, new { assignee = "dave", by = "lead-1", note = "dave knows the checkout" });
        using var both = await silos.B.Http.PatchAsJsonAsync(task, new { status = "in_progress", assignee = "erin", note = "erin takes over" });
        using var again = await silos.A.Http.PatchAsJsonAsync(task, new { assignee = "erin", note = "still erin" });

        Assert.True(assigned.StatusCode == HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { both.StatusCode, again.StatusCode });
        var history = (await silos.B.Http.GetFromJsonAsync<JsonObject>(task))!["history"]!.AsArray()
            .Select(h => ((string?)h!["from"], (string?)h["to"], (string?)h["assigneeFrom"], (string?)h["assigneeTo"], (string?)h["by"], (string?)h["note"]));
        Assert.Equal(
            [
                ("open", "open", null, "dave", "lead-1", "dave knows the checkout"),
                ("open", "in_progress", "dave", "erin", SiloProcess.OperatorKeyName, "erin takes over"),
            ],
            history);

        var timeline = await Eventually.ValueAsync(
            async () => (await silos.B.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(escalation.TicketKey)}/timeline"))!["entries"]!.AsArray().Select(e => e!).ToList(),
            entries => entries.Count(e => (string?)e["action"] is "task_assigned" or "task_status_changed") >= 3,
            TimeSpan.FromSeconds(20),
            "three task changes on the timeline",
            entries => string.Join(", ", entries.Select(e => (string?)e["action"])),
            TimeSpan.FromMilliseconds(200));
        var entries = timeline.Where(e => ((string?)e["action"])!.StartsWith("task_", StringComparison.Ordinal) && (string?)e["action"] != "task_created")
            .Select(e => ((string?)e["action"], (string?)e["actor"], (string?)e["onBehalfOf"], (string?)e["before"]?["assignee"] ?? (string?)e["before"]?["status"],
                (string?)e["after"]!["assignee"] ?? (string?)e["after"]!["status"], (string?)e["after"]!["note"]));
        Assert.Equal(
            [
                ("task_assigned", SiloProcess.OperatorKeyName, "lead-1", null, "dave", "dave knows the checkout"),
                ("task_status_changed", SiloProcess.OperatorKeyName, null, "open", "in_progress", "erin takes over"),
                ("task_assigned", SiloProcess.OperatorKeyName, null, "dave", "erin", "erin takes over"),
            ],
            entries);
    }

    /// <summary>
    /// Whatever name a body's <c>by</c> gives (a system part, another key's name, the sender's own), the entry's actor
    /// is the key that sent it; <c>by</c> stays beside it as <c>onBehalfOf</c>, unless it is that key's own name.
    /// </summary>
    [Theory]
    [InlineData("{}", null, null)]
    [InlineData("""{"by":"sla-engine"}""", "sla-engine", "sla-engine")]
    [InlineData("""{"by":"test-reader"}""", "test-reader", "test-reader")]
    [InlineData("""{"by":"test-operator"}""", "test-operator", null)]
    public async Task A_body_naming_someone_else_never_becomes_the_actor_of_an_acknowledgement(string body, string? historyActor, string? onBehalfOf)
    {
        var escalation = await silos.LiveEscalationAsync(Key());

        using var ack = await silos.A.Http.PostAsync(new Uri($"/v1/escalations/{escalation.Id}/ack", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acknowledged = (await ack.Content.ReadFromJsonAsync<EscalationView>())!;
        Assert.Equal(historyActor ?? SiloProcess.OperatorKeyName, acknowledged.History[^1].Actor);
        var entry = Assert.Single(await TimelineUntilAsync(escalation.TicketKey, "escalation_acknowledged"), e => (string?)e["action"] == "escalation_acknowledged");
        Assert.Equal(("user", SiloProcess.OperatorKeyName, onBehalfOf), ((string?)entry["actorKind"], (string?)entry["actor"], (string?)entry["onBehalfOf"]));
    }

    [Fact]
    public async Task A_runbook_user_owner_longer_than_an_agent_gets_400_and_the_longest_one_is_raised_and_reassigns_on_PostgreSQL()
    {
        var (fits, over) = (new string('u', 150), new string('u', 151));
        static string Runbook(string user) =>
            $$"""{ "levels": [ { "trigger": "at_risk", "owner": "user:{{user}}", "actions": ["notify", "reassign"], "ackWithin": "PT1H" } ] }""";

        var refused = await SendAsync(HttpMethod.Put, "/v1/runbooks/long-owner", Runbook(over));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["/levels/0/owner: the user id must be at most 150 characters, not 151"], refused.Errors);
        using (var missing = await silos.B.Http.GetAsync("/v1/runbooks/long-owner"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The longest accepted owner reaches every column it lands in: the escalation index and the ticket's agent.
        await silos.A.Http.PutJsonAsync("/v1/runbooks/long-owner", JsonNode.Parse(Runbook(fits))!);
        await silos.A.Http.PutJsonAsync("/v1/policies", JsonNode.Parse($$"""
            [ { "id": "long-owner", "when": { "priority": ["urgent"] }, "runbook": "long-owner",
                "targets": { "urgent": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } },
              { "id": "commands", "runbook": "{{EscalationCommandSilos.Runbook}}",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } } ]
            """)!);
        var key = Key();
        var (status, body) = await silos.A.Http.PostEventsAsync(GatewayRequests.Created(key, key + "-created", DateTimeOffset.UtcNow.AddMinutes(-30), priority: "urgent", team: "support"));
        Assert.True(status == HttpStatusCode.Accepted, body);
        var id = EscalationIds.Of(key, "first_reply", "long-owner");

        await Eventually.ValueAsync(
            () => IndexedIdsAsync($"state=open&owner=user:{fits}&ticket={Uri.EscapeDataString(key)}"), ids => ids.SequenceEqual([id]), TimeSpan.FromSeconds(60),
            $"{key}: the escalation listed under its owner", ids => string.Join(", ", ids), TimeSpan.FromMilliseconds(250));
        await using var database = NpgsqlDataSource.Create(silos.Database);
        await Eventually.ValueAsync(
            async () =>
            {
                await using var command = database.CreateCommand("SELECT agent FROM sla_ticket_index WHERE ticket_key = $1");
                command.Parameters.AddWithValue(key);
                return await command.ExecuteScalarAsync() as string;
            },
            agent => agent == fits, TimeSpan.FromSeconds(30), $"{key}: the ticket index row reassigned", agent => agent ?? "(none)", TimeSpan.FromMilliseconds(250));
    }

    private static string Key() => "cmd:" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string[]> IndexedIdsAsync(string query)
    {
        var page = (await silos.B.Http.GetFromJsonAsync<JsonObject>($"/v1/escalations?{query}"))!;
        return [.. page["escalations"]!.AsArray().Select(e => (string)e!["id"]!)];
    }

    /// <summary>The ticket's timeline entries, once one with <paramref name="action"/> is among them.</summary>
    private Task<List<JsonNode>> TimelineUntilAsync(string key, string action) =>
        Eventually.ValueAsync(
            async () => (await silos.B.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(key)}/timeline"))!["entries"]!.AsArray().Select(e => e!).ToList(),
            entries => entries.Any(e => (string?)e["action"] == action),
            TimeSpan.FromSeconds(20),
            $"{key}: {action} on the timeline",
            entries => string.Join(", ", entries.Select(e => (string?)e["action"])),
            TimeSpan.FromMilliseconds(200));

    private async Task<string[]> IndexedStatesAsync(string ticket)
    {
        var page = (await silos.B.Http.GetFromJsonAsync<JsonObject>($"/v1/escalations?ticket={ticket}"))!;
        return [.. page["escalations"]!.AsArray().Select(e => (string)e!["state"]!)];
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<Problem> SendAsync(HttpMethod method, string path, string body, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        using var response = await silos.A.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} {body}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // Each error as "pointer: detail" ("detail" alone for the whole body), as the problem's detail lists them.
        var errors = JsonNode.Parse(text)!["errors"]?.AsArray()
            .Select(e => (string?)e!["pointer"] is { Length: > 0 } pointer ? $"{pointer}: {(string)e["detail"]!}" : (string)e["detail"]!)
            .ToArray() ?? [];
        return new Problem(response.StatusCode, errors, text);
    }

    /// <summary>A refused command's answer: its status, its named problems (<c>errors</c>), and the whole body.</summary>
    private sealed record Problem(HttpStatusCode Status, string[] Errors, string Body);
}

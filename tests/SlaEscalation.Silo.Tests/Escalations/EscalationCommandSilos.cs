using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// Two silo processes on one fresh PostgreSQL database, with a runbook of one level: at risk, the assignee owns the
/// escalation, is notified, and an engineering task opens at once. A ticket created half an hour into its one-hour
/// first reply target is at risk as it arrives and breaches only long after a test is over, so its escalation and
/// task are live and stay as they are unless a command changes them.
/// </summary>
public sealed class EscalationCommandSilos : IAsyncLifetime
{
    public const string Runbook = "commands";

    public SiloProcess A { get; private set; } = null!;

    public SiloProcess B { get; private set; } = null!;

    /// <summary>The connection string of the silos' database.</summary>
    public string Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("esccmd");
        var cluster = "esccmd-" + Guid.NewGuid().ToString("N")[..8];
        A = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, Database));
        B = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, Database));
        await A.Http.PutJsonAsync("/v1/teams/support", JsonNode.Parse("""
            { "members": ["agent-1", "agent-2"], "lead": "lead-1", "zone": "UTC", "digestHour": 8,
              "unassignedLimit": "PT30M", "assignment": "round_robin" }
            """)!);
        await A.Http.PutJsonAsync($"/v1/runbooks/{Runbook}", JsonNode.Parse("""
            { "levels": [ { "trigger": "at_risk", "owner": "assignee", "actions": ["notify", "create_task"], "ackWithin": "PT1H" } ] }
            """)!);
        await A.Http.PutJsonAsync("/v1/policies", JsonNode.Parse($$"""
            [ { "id": "commands", "runbook": "{{Runbook}}",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } } ]
            """)!);
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }

    /// <summary>
    /// Creates ticket <paramref name="key"/> and waits for its escalation to be raised with its task open and on the
    /// ticket's timeline; returns the escalation.
    /// </summary>
    public async Task<EscalationView> LiveEscalationAsync(string key)
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-30);
        var (status, body) = await A.Http.PostEventsAsync(GatewayRequests.Created(key, key + "-created", created, team: "support"));
        Assert.True(status == System.Net.HttpStatusCode.Accepted, body);
        var id = EscalationIds.Of(key, "first_reply", Runbook);
        async Task<EscalationView?> ReadAsync()
        {
            using var response = await B.Http.GetAsync($"/v1/escalations/{id}");
            return response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<EscalationView>() is { TaskIds.Count: 1 } escalation
                && (await TimelineActionsAsync(key)).Contains("task_created") ? escalation : null;
        }

        return (await Eventually.ValueAsync(
            ReadAsync, escalation => escalation is not null, TimeSpan.FromSeconds(60), $"{key}: an escalation with a task, on the timeline",
            pace: TimeSpan.FromMilliseconds(200)))!;
    }

    /// <summary>The actions on <paramref name="key"/>'s timeline, oldest first.</summary>
    public async Task<string[]> TimelineActionsAsync(string key)
    {
        var timeline = (await B.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(key)}/timeline"))!;
        return [.. timeline["entries"]!.AsArray().Select(e => (string)e!["action"]!)];
    }

    /// <summary>
    /// What a command could change, as the API shows it: the escalation (from its grain), its index row (listed by
    /// its owner), the task, and the ticket (its owner, escalations and tasks; not its clocks, which run) and timeline.
    /// </summary>
    public async Task<string> SnapshotAsync(EscalationView escalation)
    {
        var ticket = Uri.EscapeDataString(escalation.TicketKey);
        var owner = Uri.EscapeDataString(escalation.Owner);
        string[] reads =
        [
            $"/v1/escalations/{escalation.Id}",
            $"/v1/escalations?owner={owner}&ticket={ticket}",
            $"/v1/escalations?state=open&ticket={ticket}",
            $"/v1/tasks/{escalation.TaskIds[0]}",
            $"/v1/tickets/{ticket}",
            $"/v1/tickets/{ticket}/timeline",
        ];
        var parts = new List<string>();
        foreach (var read in reads)
        {
            using var response = await B.Http.GetAsync(read);
            var body = await response.Content.ReadAsStringAsync();
            if (read == $"/v1/tickets/{ticket}" && JsonNode.Parse(body) is JsonObject view)
            {
                view.Remove("metrics");
                body = view.ToJsonString();
            }

            parts.Add($"{read} {(int)response.StatusCode} {body}");
        }

        return string.Join('\n', parts);
    }

    /// <summary><see cref="SnapshotAsync"/> once two reads a second apart agree (the ticket may still be settling).</summary>
    public async Task<string> SettledSnapshotAsync(EscalationView escalation)
    {
        string? last = null;
        var settled = await Eventually.ValueAsync(
            async () =>
            {
                var now = await SnapshotAsync(escalation);
                var same = now == last;
                last = now;
                return same ? now : null;
            },
            snapshot => snapshot is not null,
            TimeSpan.FromSeconds(21),
            $"{escalation.TicketKey} to settle",
            _ => last ?? "",
            TimeSpan.FromSeconds(1));
        return settled!;
    }
}

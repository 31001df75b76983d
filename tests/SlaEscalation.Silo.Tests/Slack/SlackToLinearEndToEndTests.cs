using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Silo.Tests.Trackers;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// The whole way out and back on a real silo process on PostgreSQL, against stubs of Slack and Linear that answer only
/// requests with the right credentials: a breach reaches Slack, Slack acknowledges it, the runbook opens a Linear
/// issue, and Linear closes the task.
/// </summary>
public sealed class SlackToLinearEndToEndTests : VendorStub, IDisposable
{
    private const string Channel = "C0E2ESLACK";
    private const string Runbook = "standard";

    // Level 3 follows the breach by 20 s, long enough for the test to press Acknowledge on level 2 first (a few
    // seconds after the breach on a busy machine).
    private const string Levels = """
        - { trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT1H }
              - { trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT1H }
              - { trigger: breached_for PT20S, owner: "engineering:platform", actions: [create_task], ackWithin: PT1H }
        """;

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    private readonly SlackStub slack = new("xoxb-e2e-" + Guid.NewGuid().ToString("N")[..12], Channel);
    private readonly string signingSecret = "slack-signing-" + Guid.NewGuid().ToString("N");

    public void Dispose() => slack.Dispose();

    [Fact]
    public async Task A_breach_posts_once_to_slack_is_acknowledged_there_and_its_linear_issue_closed_by_linear_closes_the_task()
    {
        var key = "e2e:" + Guid.NewGuid().ToString("N")[..8];
        var taskId = EscalationIds.TaskOf(key, Runbook, 3);
        var linearId = TrackerIssueIds.LinearId(taskId);
        Vendor.AnswersFirstCreate(taskId, "PLA-3");
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("slack_linear");
        await using var silo = await SiloProcess.StartAsync(Environment("e2e-a", "e2e-" + Guid.NewGuid().ToString("N")[..8], database));
        await SlackSiloFixture.ConfigureAsync(silo, $$"""
              support:
                members: [ana, ben]
                lead: lena
                zone: UTC
                slack: { connection: {{SlackSiloFixture.Connection}}, channel: {{Channel}}, users: { lena: U0LENA1 } }
              platform:
                members: [eng-1]
                zone: UTC
                tracker: { kind: linear, connection: linear-eng, teamId: {{TrackerSilo.LinearTeam}} }
            """, Levels, "  linear-eng: { kind: linear }");

        // The ticket breaches: level 1 posts the escalation's message, level 2 makes the lead its owner.
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Created(key, key + "-created", DateTimeOffset.UtcNow, team: "support"))).Status);
        await silo.Http.UntilAsync(key, e => e.Level == 2, Within);
        await Eventually.TrueAsync(() => slack.Calls("chat.postMessage", key).Count == 1, Within, "the escalation's message");
        var posted = SlackStub.Body(slack.Calls("chat.postMessage", key)[0]);
        Assert.Equal((Channel, "Acknowledge"), ((string?)posted["channel"], AcknowledgeButton(posted)));

        // The lead presses Acknowledge in Slack: a signed block_actions from the Slack user mapped to lena.
        var press = SlackSigning.Form(SlackSigning.Press(posted, "sla_acknowledge", "U0LENA1", slack.Url + "/actions/T0ACME/3/lena"));
        using var pressed = await silo.Http.SendAsync(SlackSigning.Request(SlackSiloFixture.Connection, press, signingSecret, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        var escalation = await silo.Http.UntilAsync(key, e => e.History.Any(s => s.Step == "acknowledged"), Within);
        var acknowledged = escalation.History.Single(s => s.Step == "acknowledged");
        Assert.Equal((2, "lena"), (acknowledged.Level, acknowledged.Actor));
        var entry = await Eventually.ValueAsync(
            async () => (await TimelineAsync(silo, key)).FirstOrDefault(e => (string?)e!["action"] == "escalation_acknowledged"),
            e => e is not null, Within, "the acknowledgement on the timeline");
        Assert.Equal(("slack:acme-slack:U0LENA1", "lena"), ((string?)entry!["actor"], (string?)entry["onBehalfOf"]));

        // Level 3 hands the escalation to engineering, whose task becomes one issue in Linear.
        var linked = await Eventually.ValueAsync(
            () => ReadTaskAsync(silo, taskId), t => t?.External?.Status == ExternalIssueStatuses.Linked, Within,
            "the task linked to its Linear issue", t => $"{t?.External}", TimeSpan.FromMilliseconds(250));
        Assert.Equal((linearId, "PLA-3", LinearStub.UrlOf("PLA-3")), (linked!.External!.IssueId, linked.External.IssueKey, linked.External.Url));
        var create = Assert.Single(LinearCalls("issueCreate"));
        Assert.Equal(200, create.ResponseMessage.StatusCode);
        var input = JsonDocument.Parse(create.RequestMessage.Body!).RootElement.GetProperty("variables").GetProperty("input");
        Assert.Equal((linearId, TrackerSilo.LinearTeam), (input.GetProperty("id").GetString(), input.GetProperty("teamId").GetString()));
        var story = input.GetProperty("description").GetString()!;
        Assert.Contains("- Owner now: team:platform\n", story, StringComparison.Ordinal);
        Assert.Contains(" UTC level 2 acknowledged: owner user:lena, by lena\n", story, StringComparison.Ordinal);

        // An engineer completes the issue in Linear; its signed webhook closes the task.
        var completed = LinearStub.IssueEvent(linearId, "PLA-3", "completed", DateTimeOffset.UtcNow);
        using var webhook = await silo.Http.PostAsync("/v1/adapters/linear/linear-eng", LinearStub.Signed(completed, TrackerSilo.Secret));
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        var done = (await silo.Http.GetFromJsonAsync<EngineeringTaskView>($"/v1/tasks/{taskId}"))!;
        Assert.Equal((TaskStatuses.Done, "Eve Engineer"), (done.Status, done.History[^1].By));
        Assert.Equal((ExternalIssueStatuses.Linked, "PLA-3", LinearStub.UrlOf("PLA-3")), (done.External!.Status, done.External.IssueKey, done.External.Url));
        await Eventually.TrueAsync(
            async () => (await TimelineAsync(silo, key)).Any(e => (string?)e!["action"] == "task_status_changed"), Within, "the closed task on the timeline");

        // Slack saw one post; every step since updated that message in place, the last one showing level 3.
        await Eventually.TrueAsync(
            () => slack.Calls("chat.update", key) is { Count: > 0 } u && ((string?)SlackStub.Body(u[^1])["text"])!.StartsWith("SLA escalation level 3", StringComparison.Ordinal),
            Within, "level 3 updates the message");
        Assert.Single(slack.Calls("chat.postMessage", key));
        var updates = slack.Calls("chat.update", key);
        Assert.All(updates, u => Assert.Equal((Channel, SlackStub.TsOf(0)), ((string?)SlackStub.Body(u)["channel"], (string?)SlackStub.Body(u)["ts"])));
        Assert.Contains(updates, u => ((string?)SlackStub.Body(u)["text"])!.StartsWith("SLA escalation level 2 on " + key + " (first_reply): acknowledged, owner lena", StringComparison.Ordinal));
        Assert.All([.. slack.Calls("chat.postMessage", key), .. updates, .. LinearCalls(string.Empty)], c => Assert.Equal(200, c.ResponseMessage.StatusCode));
    }

    private static string? AcknowledgeButton(JsonObject message) =>
        (string?)message["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray()
            .Single(e => (string?)e!["action_id"] == "sla_acknowledge")!["text"]!["text"];

    private static async Task<JsonArray> TimelineAsync(SiloProcess silo, string key) =>
        (await silo.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(key)}/timeline"))!["entries"]!.AsArray();

    private static async Task<EngineeringTaskView?> ReadTaskAsync(SiloProcess silo, string taskId)
    {
        using var response = await silo.Http.GetAsync($"/v1/tasks/{taskId}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<EngineeringTaskView>() : null;
    }

    private WireMock.Logging.ILogEntry[] LinearCalls(string operation) =>
        [.. Vendor.LogEntries.Where(e => e.RequestMessage.Path == "/graphql" && e.RequestMessage.Body!.Contains(operation, StringComparison.Ordinal))];

    private Dictionary<string, string> Environment(string name, string cluster, string database)
    {
        var environment = SiloProcess.Environment(name, cluster, database);
        environment[$"Adapters__{SlackSiloFixture.Connection}__BotToken"] = slack.Token;
        environment[$"Adapters__{SlackSiloFixture.Connection}__SigningSecret"] = signingSecret;
        environment[$"Adapters__{SlackSiloFixture.Connection}__ApiUrl"] = slack.ApiUrl;
        environment["Adapters__linear-eng__Tracker__BaseUrl"] = $"{Vendor.Url}/graphql";
        environment["Adapters__linear-eng__Tracker__ApiKey"] = TrackerSilo.LinearKey;
        environment["Adapters__linear-eng__Tracker__Secret"] = TrackerSilo.Secret;
        environment["Notifications__Retry__InitialDelaySeconds"] = "0.5";
        return environment;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Testing;
using Xunit.Abstractions;
using Request = WireMock.RequestBuilders.Request;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>
/// A real silo process on PostgreSQL whose engineering team works in Linear: a breach opens the task, the silo dies
/// while Linear is making its issue, the next silo finds that issue instead of making another, and Linear's signed
/// webhook closes the task.
/// </summary>
public sealed class TrackerEndToEndTests(ITestOutputHelper output) : VendorStub
{
    private const string Ticket = "trk:1";

    [Fact]
    public async Task A_breach_opens_one_linear_issue_across_a_silo_killed_before_linear_answered_and_linears_webhook_closes_the_task()
    {
        var taskId = EscalationIds.TaskOf(Ticket, "eng", 1);
        var linearId = TrackerIssueIds.LinearId(taskId);
        var createArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Vendor.Given(LinearStub.Call("SlaTaskIssue(")).RespondWith(LinearStub.Json(LinearStub.NoneFound));

        // Linear takes its time answering: the silo dies before it has the answer, though the issue is made.
        Vendor.Given(Request.Create().WithPath("/graphql").UsingPost().WithHeader("Authorization", TrackerSilo.LinearKey).WithBody((string? body) =>
        {
            var create = body?.Contains("issueCreate", StringComparison.Ordinal) == true;
            if (create)
            {
                createArrived.TrySetResult();
            }

            return create;
        })).RespondWith(LinearStub.Json(LinearStub.Created(linearId, "PLA-1")).WithDelay(TimeSpan.FromSeconds(30)));

        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("trackers");
        var cluster = "trk-" + Guid.NewGuid().ToString("N")[..8];
        var firstEnvironment = Environment("trk-a", cluster, database);
        await using (var first = await SiloProcess.StartAsync(firstEnvironment))
        {
            await ConfigureAsync(first);
            Assert.Equal(HttpStatusCode.Accepted, (await first.Http.PostEventsAsync(GatewayRequests.Created(Ticket, "trk-created", DateTimeOffset.UtcNow, team: "support"))).Status);
            await createArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            first.Kill();
            output.WriteLine("killed the silo while Linear was making the issue");
        }

        // Linear has the issue now; a second issueCreate would be a second issue.
        Vendor.ResetMappings();
        var restartedAt = DateTime.UtcNow;
        Vendor.Given(LinearStub.Call("SlaTaskIssue(")).RespondWith(LinearStub.Json(LinearStub.Found(linearId, "PLA-1")));
        Vendor.Given(LinearStub.Call("issueCreate")).RespondWith(LinearStub.Json(LinearStub.Created(linearId, "PLA-1")));
        await using var second = await SiloProcess.StartAsync(SiloProcess.InPlaceOf(Environment("trk-b", cluster, database), firstEnvironment));

        var linked = await Eventually.ValueAsync(
            () => ReadTaskAsync(second, taskId), t => t?.External?.Status == ExternalIssueStatuses.Linked, TimeSpan.FromSeconds(120),
            "the task linked to its issue by the second silo", t => $"{t?.External}", TimeSpan.FromMilliseconds(250), ex => ex is HttpRequestException);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(2));

        Assert.Equal((linearId, "PLA-1", "https://linear.app/acme/issue/PLA-1"), (linked!.External!.IssueId, linked.External.IssueKey, linked.External.Url));
        Assert.DoesNotContain(Vendor.LogEntries, e => e.RequestMessage.DateTime >= restartedAt && e.RequestMessage.Body?.Contains("issueCreate", StringComparison.Ordinal) == true);
        Assert.Contains(Vendor.LogEntries, e => e.RequestMessage.DateTime >= restartedAt && e.RequestMessage.Body?.Contains("SlaTaskIssue(", StringComparison.Ordinal) == true);

        // An engineer closes the issue in Linear; its signed webhook closes the task.
        var body = LinearStub.IssueEvent(linearId, "PLA-1", "completed", DateTimeOffset.UtcNow);
        using var content = LinearStub.Signed(body, TrackerSilo.Secret);
        var webhook = await second.Http.PostAsync("/v1/adapters/linear/linear-eng", content);
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);

        var done = (await second.Http.GetFromJsonAsync<EngineeringTaskView>($"/v1/tasks/{taskId}"))!;
        Assert.Equal((TaskStatuses.Done, "Eve Engineer", "linked"), (done.Status, done.History[^1].By, done.External!.Status));
        var actions = await Eventually.ValueAsync(
            async () => (await second.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(Ticket)}/timeline"))!["entries"]!.AsArray()
                .Select(e => (string)e!["action"]!).ToArray(),
            a => a.Contains("task_status_changed"), TimeSpan.FromSeconds(20), "the closed task on the timeline", a => string.Join(", ", a));
        Assert.Equal(["task_created", "task_linked", "task_status_changed"], actions.Where(a => a.StartsWith("task_", StringComparison.Ordinal)));
    }

    private Dictionary<string, string> Environment(string name, string cluster, string database)
    {
        var environment = SiloProcess.Environment(name, cluster, database);
        environment["Adapters__linear-eng__Tracker__BaseUrl"] = $"{Vendor.Url}/graphql";
        environment["Adapters__linear-eng__Tracker__ApiKey"] = TrackerSilo.LinearKey;
        environment["Adapters__linear-eng__Tracker__Secret"] = TrackerSilo.Secret;
        environment["Notifications__Retry__InitialDelaySeconds"] = "0.5";
        environment["Notifications__Retry__SafetyNetSeconds"] = "5";
        return environment;
    }

    private static async Task ConfigureAsync(SiloProcess silo)
    {
        await silo.Http.PutJsonAsync("/v1/connections/linear-eng", JsonNode.Parse("""{ "kind": "linear" }""")!);
        await silo.Http.PutJsonAsync("/v1/teams/support", JsonNode.Parse("""{ "members": ["agent-1"], "lead": "lead-1", "zone": "UTC" }""")!);
        await silo.Http.PutJsonAsync("/v1/teams/platform", JsonNode.Parse($$"""
            { "members": ["eng-1"], "zone": "UTC",
              "tracker": { "kind": "linear", "connection": "linear-eng", "teamId": "{{TrackerSilo.LinearTeam}}" } }
            """)!);
        await silo.Http.PutJsonAsync("/v1/runbooks/eng", JsonNode.Parse("""
            { "levels": [ { "trigger": "breached", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT1H" } ] }
            """)!);
        await silo.Http.PutJsonAsync("/v1/policies", JsonNode.Parse("""
            [ { "id": "eng", "runbook": "eng", "targets": { "high": { "first_reply": { "target": "PT4S", "calendar": "24x7" } } } } ]
            """)!);
    }

    private static async Task<EngineeringTaskView?> ReadTaskAsync(SiloProcess silo, string taskId)
    {
        using var response = await silo.Http.GetAsync($"/v1/tasks/{taskId}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<EngineeringTaskView>() : null;
    }
}

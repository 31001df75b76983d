using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Silo.Tests.Notifications;
using WireMock.RequestBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>Status coming back from the trackers' signed webhooks onto the task and the ticket's timeline.</summary>
public sealed class TrackerWebhookTests : VendorStub
{
    /// <summary>A silo whose Jira connection found the task's issue ENG-77 (id 10077) and linked it.</summary>
    private async Task<(WebApplication Silo, string TaskId)> LinkedJiraTaskAsync()
    {
        var opening = TrackerSilo.Opening(out var taskId);
        Vendor.Given(Request.Create().WithPath("/rest/api/3/search/jql").UsingPost()).RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
            .WithBody("""{"issues":[{"id":"10077","key":"ENG-77"}]}"""));
        var silo = await TrackerSilo.StartAsync("jira", new Uri(Vendor.Url!));
        try
        {
            await silo.Task(taskId).OpenAsync(opening);
            await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);
            return (silo, taskId);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    private static StringContent Signed(string header, string signature, string body)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add(header, signature);
        return content;
    }

    private static string Hex(string secret, string body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task A_signed_linear_issue_event_moves_its_task_and_a_wrong_secret_or_a_stale_one_changes_nothing()
    {
        var opening = TrackerSilo.Opening(out var taskId);
        var linearId = TrackerIssueIds.LinearId(taskId);
        Vendor.Given(Request.Create().WithPath("/graphql").UsingPost()).RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
            """{"data":{"issues":{"nodes":[{"id":"ID","identifier":"PLA-9","url":"https://linear.app/acme/issue/PLA-9"}]}}}""".Replace("ID", linearId, StringComparison.Ordinal)));
        await using var silo = await TrackerSilo.StartAsync("linear", new Uri($"{Vendor.Url}/graphql"));
        var http = silo.HttpClient();

        // The digest counts by the team's local day: the silo's seeded support team keeps Berlin's, so this one keeps UTC's.
        await http.PutJsonAsync("/v1/teams/support", JsonNode.Parse("""{ "members": ["agent-1"], "lead": "lead-1", "zone": "UTC" }""")!);
        var openedOn = UtcDate();
        await silo.Task(taskId).OpenAsync(opening);
        await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);
        const string Path = "/v1/adapters/linear/linear-eng";

        var started = LinearStub.IssueEvent(linearId, "PLA-9", "started", DateTimeOffset.UtcNow);
        var wrongSecret = await http.PostAsync(Path, LinearStub.Signed(started, "another-secret"));
        var stale = LinearStub.IssueEvent(linearId, "PLA-9", "completed", DateTimeOffset.UtcNow.AddMinutes(-2));
        var tooOld = await http.PostAsync(Path, LinearStub.Signed(stale, TrackerSilo.Secret));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrongSecret.StatusCode, tooOld.StatusCode));
        Assert.Equal(TaskStatuses.Open, (await silo.Task(taskId).GetAsync())!.Status);

        var applied = await http.PostAsync(Path, LinearStub.Signed(started, TrackerSilo.Secret));
        var completed = LinearStub.IssueEvent(linearId, "PLA-9", "completed", DateTimeOffset.UtcNow);
        var done = await http.PostAsync(Path, LinearStub.Signed(completed, TrackerSilo.Secret));
        var again = await http.PostAsync(Path, LinearStub.Signed(completed, TrackerSilo.Secret));
        var stranger = LinearStub.IssueEvent("2f9b8e0c-53a1-4c6e-9d2b-7a1f0e4c8b21", "PLA-9", "completed", DateTimeOffset.UtcNow);
        var ignored = await http.PostAsync(Path, LinearStub.Signed(stranger, TrackerSilo.Secret));

        Assert.Equal(
            [(1, 0), (1, 0), (0, 1), (0, 1)],
            await Task.WhenAll(new[] { applied, done, again, ignored }.Select(async r =>
            {
                var body = (await r.Content.ReadFromJsonAsync<JsonObject>())!;
                return ((int)body["applied"]!, (int)body["ignored"]!);
            })));
        var task = (await silo.Task(taskId).GetAsync())!;
        Assert.Equal(TaskStatuses.Done, task.Status);
        Assert.Equal(
            [(TaskStatuses.Open, TaskStatuses.InProgress, "Eve Engineer", "Linear PLA-9 is Done"), (TaskStatuses.InProgress, TaskStatuses.Done, "Eve Engineer", "Linear PLA-9 is Done")],
            task.History.Select(h => (h.From, h.To, h.By, h.Note)));
        var timeline = await Eventually.ValueAsync(
            async () => (await http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(opening.Ticket.Key)}/timeline"))!["entries"]!.AsArray(),
            entries => entries.Count(e => (string?)e!["action"] == "task_status_changed") == 2, TimeSpan.FromSeconds(20), "both status changes on the timeline");
        Assert.Equal(["task_created", "task_linked", "task_status_changed", "task_status_changed"], timeline.Select(e => (string)e!["action"]!));
        Assert.Equal(("adapter", "adapter:linear-eng"), ((string?)timeline[3]!["actorKind"], (string?)timeline[3]!["actor"]));

        // The support team's day counts the task closed in Linear as it counts one closed here (over both days, should
        // the test cross midnight).
        string[] days = [.. new[] { openedOn, UtcDate() }.Distinct()];
        async Task<(int Opened, int Closed)> CountAsync()
        {
            var counts = await Task.WhenAll(days.Select(async day => (await http.GetFromJsonAsync<JsonObject>($"/v1/digests/support/{day}"))!["tasks"]!));
            return (counts.Sum(t => (int)t["opened"]!), counts.Sum(t => (int)t["closed"]!));
        }

        var tasks = await Eventually.ValueAsync(CountAsync, t => t.Closed > 0, TimeSpan.FromSeconds(20), "the closed task in the digest", t => $"{t}");
        Assert.Equal((1, 1), tasks);
    }

    private static string UtcDate() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_signed_jira_issue_event_of_a_task_closes_it_and_an_unsigned_one_changes_nothing()
    {
        var (silo, taskId) = await LinkedJiraTaskAsync();
        await using var running = silo;
        var http = silo.HttpClient();
        var body = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "done", "Closed", DateTimeOffset.UtcNow);

        var unsigned = await http.PostAsync("/v1/adapters/jira/jira-eng/tracker", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(TaskStatuses.Open, (await silo.Task(taskId).GetAsync())!.Status);
        var signed = await http.PostAsync("/v1/adapters/jira/jira-eng/tracker", Signed("X-Hub-Signature", "sha256=" + Hex(TrackerSilo.Secret, body), body));

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var task = (await silo.Task(taskId).GetAsync())!;
        Assert.Equal((TaskStatuses.Done, "Eve Engineer", "Jira ENG-77 is Closed"), (task.Status, task.History[^1].By, task.History[^1].Note));
        Assert.Equal(("ENG-77", $"{Vendor.Url}/browse/ENG-77"), (task.External!.IssueKey, task.External.Url));
    }

    [Fact]
    public async Task A_signed_tracker_event_that_is_not_json_gets_a_415_and_changes_nothing()
    {
        var (silo, taskId) = await LinkedJiraTaskAsync();
        await using var running = silo;
        var http = silo.HttpClient();
        var body = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "done", "Closed", DateTimeOffset.UtcNow);
        const string Path = "/v1/adapters/jira/jira-eng/tracker";

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var mediaType in new[] { "text/plain", "application/x-www-form-urlencoded", null })
        {
            using var content = Signed("X-Hub-Signature", "sha256=" + Hex(TrackerSilo.Secret, body), body);
            content.Headers.ContentType = mediaType is null ? null : new(mediaType);
            using var refused = await http.PostAsync(Path, content);
            answers.Add((refused.StatusCode, (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!));
        }

        Assert.Equal(
            [
                (HttpStatusCode.UnsupportedMediaType, "a jira webhook is application/json (or a +json type), not 'text/plain'; nothing was applied"),
                (HttpStatusCode.UnsupportedMediaType, "a jira webhook is application/json (or a +json type), not 'application/x-www-form-urlencoded'; nothing was applied"),
                (HttpStatusCode.UnsupportedMediaType, "the body has no Content-Type: a jira webhook is application/json; nothing was applied"),
            ],
            answers);
        Assert.Equal(TaskStatuses.Open, (await silo.Task(taskId).GetAsync())!.Status);

        // Jira's own header, with its charset, is taken.
        using var json = Signed("X-Hub-Signature", "sha256=" + Hex(TrackerSilo.Secret, body), body);
        json.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");
        using var taken = await http.PostAsync(Path, json);
        Assert.Equal((1, 0), await CountsAsync(taken));
        Assert.Equal(TaskStatuses.Done, (await silo.Task(taskId).GetAsync())!.Status);
    }

    private static async Task<(int Applied, int Ignored)> CountsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((int)body["applied"]!, (int)body["ignored"]!);
    }

    [Fact]
    public async Task A_jira_comment_leaves_a_status_set_here_and_only_a_status_change_moves_the_task()
    {
        var (silo, taskId) = await LinkedJiraTaskAsync();
        await using var running = silo;
        var http = silo.HttpClient();
        await silo.Task(taskId).UpdateAsync(new TaskUpdate(TaskStatuses.InProgress, null, "eng-1", null), "user:eng-1");
        const string Path = "/v1/adapters/jira/jira-eng/tracker";

        var comment = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "new", "To Do", DateTimeOffset.UtcNow, statusChanged: false);
        var commented = await CountsAsync(await http.PostAsync(Path, JiraStub.Signed(comment, TrackerSilo.Secret)));
        var afterComment = (await silo.Task(taskId).GetAsync())!.Status;
        var reopen = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "new", "To Do", DateTimeOffset.UtcNow.AddMilliseconds(1));
        var reopened = await CountsAsync(await http.PostAsync(Path, JiraStub.Signed(reopen, TrackerSilo.Secret)));

        Assert.Equal(((0, 1), TaskStatuses.InProgress), (commented, afterComment));
        Assert.Equal(((1, 0), TaskStatuses.Open), (reopened, (await silo.Task(taskId).GetAsync())!.Status));
    }

    [Fact]
    public async Task A_linear_update_that_leaves_the_state_leaves_a_status_set_here_and_a_state_change_moves_the_task()
    {
        var opening = TrackerSilo.Opening(out var taskId);
        var linearId = TrackerIssueIds.LinearId(taskId);
        Vendor.Given(LinearStub.Call("SlaTaskIssue(")).RespondWith(LinearStub.Json(LinearStub.Found(linearId, "PLA-9")));
        await using var silo = await TrackerSilo.StartAsync("linear", new Uri($"{Vendor.Url}/graphql"));
        await silo.Task(taskId).OpenAsync(opening);
        await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);
        var http = silo.HttpClient();
        await silo.Task(taskId).UpdateAsync(new TaskUpdate(TaskStatuses.InProgress, null, "eng-1", null), "user:eng-1");
        const string Path = "/v1/adapters/linear/linear-eng";

        var retitled = LinearStub.IssueEvent(linearId, "PLA-9", "unstarted", DateTimeOffset.UtcNow, "Todo", stateChanged: false);
        var edited = await CountsAsync(await http.PostAsync(Path, LinearStub.Signed(retitled, TrackerSilo.Secret)));
        var afterEdit = (await silo.Task(taskId).GetAsync())!.Status;
        var moved = LinearStub.IssueEvent(linearId, "PLA-9", "completed", DateTimeOffset.UtcNow.AddMilliseconds(1));
        var done = await CountsAsync(await http.PostAsync(Path, LinearStub.Signed(moved, TrackerSilo.Secret)));

        Assert.Equal(((0, 1), TaskStatuses.InProgress), (edited, afterEdit));
        Assert.Equal(((1, 0), TaskStatuses.Done), (done, (await silo.Task(taskId).GetAsync())!.Status));
    }

    [Fact]
    public async Task A_jira_event_from_long_ago_a_replay_an_older_event_or_one_of_a_clone_changes_nothing()
    {
        var (silo, taskId) = await LinkedJiraTaskAsync();
        await using var running = silo;
        var http = silo.HttpClient();
        const string Path = "/v1/adapters/jira/jira-eng/tracker";
        var now = DateTimeOffset.UtcNow;

        var of2020 = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "done", "Done", DateTimeOffset.FromUnixTimeMilliseconds(1600000000000));
        var stale = await http.PostAsync(Path, JiraStub.Signed(of2020, TrackerSilo.Secret));
        Assert.Equal((HttpStatusCode.Unauthorized, TaskStatuses.Open), (stale.StatusCode, (await silo.Task(taskId).GetAsync())!.Status));

        var done = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "done", "Done", now);
        Assert.Equal((1, 0), await CountsAsync(await http.PostAsync(Path, JiraStub.Signed(done, TrackerSilo.Secret))));
        await silo.Task(taskId).UpdateAsync(new TaskUpdate(TaskStatuses.InProgress, null, "eng-1", "reopened here"), "user:eng-1");

        var replayed = await CountsAsync(await http.PostAsync(Path, JiraStub.Signed(done, TrackerSilo.Secret)));
        var older = JiraStub.IssueEvent(taskId, "10077", "ENG-77", "new", "To Do", now.AddSeconds(-10));
        var overtaken = await CountsAsync(await http.PostAsync(Path, JiraStub.Signed(older, TrackerSilo.Secret)));
        var ofClone = JiraStub.IssueEvent(taskId, "10042", "ENG-42", "done", "Done", now.AddSeconds(1));
        var cloned = await CountsAsync(await http.PostAsync(Path, JiraStub.Signed(ofClone, TrackerSilo.Secret)));

        Assert.Equal([(0, 1), (0, 1), (0, 1)], new[] { replayed, overtaken, cloned });
        var task = (await silo.Task(taskId).GetAsync())!;
        Assert.Equal(
            [(TaskStatuses.Open, TaskStatuses.Done, "Eve Engineer"), (TaskStatuses.Done, TaskStatuses.InProgress, "eng-1")],
            task.History.Select(h => (h.From, h.To, h.By)));
    }
}

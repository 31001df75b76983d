using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Silo.Tests.Notifications;
using SlaEscalation.Testing;
using WireMock.RequestBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>
/// Tasks of a team with its own tracker, against stubs of the Jira Cloud and Linear APIs that answer only requests
/// with the right credentials: the request shapes, one issue per task, rate limits, refusals and owner comments.
/// </summary>
public sealed class TrackerDeliveryTests : VendorStub
{
    private static readonly string JiraBasic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TrackerSilo.JiraEmail}:{TrackerSilo.JiraToken}"));

    private Uri LinearUrl => new($"{Vendor.Url}/graphql");

    private IRequestBuilder Jira(string path) => Request.Create().WithPath(path).UsingPost().WithHeader("Authorization", JiraBasic);

    private static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    private JsonElement[] Bodies(string contains) =>
        [.. Vendor.LogEntries.Where(e => e.RequestMessage.Body?.Contains(contains, StringComparison.Ordinal) == true)
            .OrderBy(e => e.RequestMessage.DateTime).Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement.Clone())];

    [Fact]
    public async Task A_linear_task_opens_one_issue_with_its_story_in_markdown_and_the_id_derived_from_the_task()
    {
        var opening = TrackerSilo.Opening(out var taskId);
        Vendor.AnswersFirstCreate(taskId, "PLA-7");
        await using var silo = await TrackerSilo.StartAsync("linear", LinearUrl);

        var opened = await silo.Task(taskId).OpenAsync(opening);
        Assert.Equal(("linear", "linear-eng", ExternalIssueStatuses.Pending), (opened.External!.Tracker, opened.External.Connection, opened.External.Status));
        var linked = await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);
        await silo.Task(taskId).OpenAsync(opening);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));

        var linearId = TrackerIssueIds.LinearId(taskId);
        Assert.Equal((linearId, "PLA-7", "https://linear.app/acme/issue/PLA-7"), (linked!.External!.IssueId, linked.External.IssueKey, linked.External.Url));
        var create = Assert.Single(Bodies("issueCreate"));
        var input = create.GetProperty("variables").GetProperty("input");
        Assert.Equal((linearId, TrackerSilo.LinearTeam, 1), (input.GetProperty("id").GetString(), input.GetProperty("teamId").GetString(), input.GetProperty("priority").GetInt32()));
        Assert.Equal("first_reply escalated: Checkout fails with 500", input.GetProperty("title").GetString());
        var story = input.GetProperty("description").GetString()!;
        Assert.Contains($"- [{opening.Ticket.Key}: Checkout fails with 500](https://sla.example.com/v1/tickets/{Uri.EscapeDataString(opening.Ticket.Key)})", story, StringComparison.Ordinal);
        Assert.Contains("- Customer: ann@acme.example, Acme; tier: enterprise", story, StringComparison.Ordinal);
        Assert.Contains("- first\\_reply: breached; deadline 2026-12-04 09:15 UTC; at risk 2026-12-04 09:10 UTC; breached 2026-12-04 09:15 UTC; elapsed 1 h 21 min", story, StringComparison.Ordinal);
        Assert.Contains("- 2026-12-04 09:00 UTC ticket.created by customer: Checkout fails with 500 since the deploy", story, StringComparison.Ordinal);
        Assert.Contains("- Owner now: engineering:platform", story, StringComparison.Ordinal);
        Assert.Contains("- 2026-12-04 09:20 UTC level 3 raised: owner engineering:platform, by runbook", story, StringComparison.Ordinal);
        Assert.Equal(linearId, Assert.Single(Bodies("SlaTaskIssue(")).GetProperty("variables").GetProperty("id").GetString());

        var shown = (await silo.HttpClient().GetFromJsonAsync<JsonObject>($"/v1/tasks/{taskId}"))!;
        Assert.Equal(("linked", "PLA-7", "https://linear.app/acme/issue/PLA-7"),
            ((string?)shown["external"]!["status"], (string?)shown["external"]!["issueKey"], (string?)shown["external"]!["url"]));
    }

    [Fact]
    public async Task A_jira_rate_limit_is_waited_out_for_as_long_as_its_retry_after_asks_then_the_issue_is_made()
    {
        Vendor.Given(Jira("/rest/api/3/search/jql")).RespondWith(Json("""{"issues":[]}"""));
        Vendor.Given(Jira("/rest/api/3/issue")).InScenario("limit").WillSetStateTo("open")
            .RespondWith(Json("""{"errorMessages":["Rate limit exceeded"]}""", 429).WithHeader("Retry-After", "2"));
        Vendor.Given(Jira("/rest/api/3/issue")).InScenario("limit").WhenStateIs("open")
            .RespondWith(Json("""{"id":"10042","key":"ENG-42","self":"https://acme.atlassian.net/rest/api/3/issue/10042"}""", 201));
        await using var silo = await TrackerSilo.StartAsync("jira", new Uri(Vendor.Url!));
        var opening = TrackerSilo.Opening(out var taskId);

        await silo.Task(taskId).OpenAsync(opening);
        var linked = await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);

        Assert.Equal(("10042", "ENG-42", $"{Vendor.Url}/browse/ENG-42"), (linked!.External!.IssueId, linked.External.IssueKey, linked.External.Url));
        var creates = Vendor.LogEntries.Where(e => e.RequestMessage.Path == "/rest/api/3/issue").OrderBy(e => e.RequestMessage.DateTime).ToArray();
        Assert.Equal(2, creates.Length);
        Assert.True(creates[1].RequestMessage.DateTime - creates[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(2),
            $"the retry came {(creates[1].RequestMessage.DateTime - creates[0].RequestMessage.DateTime).TotalSeconds:F2} s after the 429 asked for 2 s");
        var fields = JsonDocument.Parse(creates[1].RequestMessage.Body!).RootElement.GetProperty("fields");
        Assert.Equal(("ENG", "Bug", "Highest"), (fields.GetProperty("project").GetProperty("key").GetString(),
            fields.GetProperty("issuetype").GetProperty("name").GetString(), fields.GetProperty("priority").GetProperty("name").GetString()));
        Assert.Equal([TrackerIssueIds.JiraLabel(taskId)], fields.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var description = fields.GetProperty("description");
        Assert.Equal(("doc", 1), (description.GetProperty("type").GetString(), description.GetProperty("version").GetInt32()));
        Assert.Equal(["Ticket", "SLA clocks", "Recent public timeline", "Escalation", "Task"], description.GetProperty("content").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "heading").Select(n => n.GetProperty("content")[0].GetProperty("text").GetString()));
        var ticketLine = description.GetProperty("content")[1].GetProperty("content")[0].GetProperty("content")[0].GetProperty("content")[0];
        Assert.Equal($"https://sla.example.com/v1/tickets/{Uri.EscapeDataString(opening.Ticket.Key)}", ticketLine.GetProperty("marks")[0].GetProperty("attrs").GetProperty("href").GetString());
        var search = JsonDocument.Parse(Vendor.LogEntries.First(e => e.RequestMessage.Path == "/rest/api/3/search/jql").RequestMessage.Body!).RootElement;
        Assert.Equal($"labels = \"sla-{taskId}\"", search.GetProperty("jql").GetString());
    }

    [Fact]
    public async Task A_jira_refusal_is_final_shown_on_the_task_and_recorded_as_a_failed_delivery()
    {
        Vendor.Given(Jira("/rest/api/3/search/jql")).RespondWith(Json("""{"issues":[]}"""));
        Vendor.Given(Jira("/rest/api/3/issue")).RespondWith(Json("""{"errorMessages":[],"errors":{"issuetype":"Specify a valid issue type"}}""", 400));
        await using var silo = await TrackerSilo.StartAsync("jira", new Uri(Vendor.Url!));
        var opening = TrackerSilo.Opening(out var taskId);

        await silo.Task(taskId).OpenAsync(opening);
        var failed = await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Failed);
        var failures = await Eventually.ValueAsync(
            () => silo.Services.GetRequiredService<IDeliveryFailureLog>().ListAsync("support", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)),
            f => f.Count > 0, TimeSpan.FromSeconds(10), "the failed delivery in the log");
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));

        const string Refusal = """HTTP 400: {"errorMessages":[],"errors":{"issuetype":"Specify a valid issue type"}}""";
        Assert.Equal(Refusal, failed!.External!.Error);
        var failure = Assert.Single(failures);
        Assert.Equal(($"{taskId}/tracker/create", "tracker.create", "tracker", opening.Ticket.Key, 1, Refusal),
            (failure.DeliveryKey, failure.Type, failure.Endpoint, failure.Subject, failure.Attempts, failure.LastError));
        Assert.Single(Vendor.LogEntries, e => e.RequestMessage.Path == "/rest/api/3/issue");
        var shown = (await silo.HttpClient().GetFromJsonAsync<JsonObject>($"/v1/tasks/{taskId}"))!;
        Assert.Equal(("failed", Refusal), ((string?)shown["external"]!["status"], (string?)shown["external"]!["error"]));
    }

    [Fact]
    public async Task Each_owner_change_reaches_the_linear_issue_as_one_comment()
    {
        var opening = TrackerSilo.Opening(out var taskId);
        Vendor.AnswersFirstCreate(taskId, "PLA-8");
        Vendor.Given(LinearStub.Call("commentCreate")).RespondWith(Json("""{"data":{"commentCreate":{"success":true}}}"""));
        await using var silo = await TrackerSilo.StartAsync("linear", LinearUrl);
        await silo.Task(taskId).OpenAsync(opening);
        await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);

        var handedOff = new EscalationStep(opening.At.AddMinutes(5), "handed_off", 3, "user:eng-1", "lead-1", "knows the checkout");
        var update = new TaskEscalationUpdate(taskId, opening.EscalationId, "user:eng-1", [.. opening.EscalationPath, handedOff], opening.At.AddMinutes(5));
        await silo.Task(taskId).FollowEscalationAsync(update);
        await silo.Task(taskId).FollowEscalationAsync(update);
        await Eventually.TrueAsync(() => Bodies("commentCreate").Length > 0, TimeSpan.FromSeconds(20), "the comment");
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1.5));

        var comment = Assert.Single(Bodies("commentCreate")).GetProperty("variables").GetProperty("input");
        Assert.Equal(TrackerIssueIds.LinearId(taskId), comment.GetProperty("issueId").GetString());
        Assert.Equal(
            "Escalation owner is now user:eng-1 (handed off at level 3 by lead-1, 2026-12-04 09:25 UTC: knows the checkout).",
            comment.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_owner_change_reaches_the_jira_issue_as_an_adf_comment()
    {
        var opening = TrackerSilo.Opening(out var taskId);
        Vendor.Given(Jira("/rest/api/3/search/jql")).RespondWith(Json("""{"issues":[{"id":"10077","key":"ENG-77"}]}"""));
        Vendor.Given(Jira("/rest/api/3/issue/ENG-77/comment")).RespondWith(Json("""{"id":"5001"}""", 201));
        await using var silo = await TrackerSilo.StartAsync("jira", new Uri(Vendor.Url!));
        await silo.Task(taskId).OpenAsync(opening);
        await silo.UntilExternalAsync(taskId, ExternalIssueStatuses.Linked);

        var nextLevel = new EscalationStep(opening.At.AddMinutes(30), "raised", 4, "user:cto", "runbook", null);
        await silo.Task(taskId).FollowEscalationAsync(
            new TaskEscalationUpdate(taskId, opening.EscalationId, "user:cto", [.. opening.EscalationPath, nextLevel], opening.At.AddMinutes(30)));
        await Eventually.TrueAsync(
            () => Vendor.LogEntries.Any(e => e.RequestMessage.Path == "/rest/api/3/issue/ENG-77/comment"), TimeSpan.FromSeconds(20), "the comment");

        Assert.DoesNotContain(Vendor.LogEntries, e => e.RequestMessage.Path == "/rest/api/3/issue");
        var body = JsonDocument.Parse(Vendor.LogEntries.Single(e => e.RequestMessage.Path == "/rest/api/3/issue/ENG-77/comment").RequestMessage.Body!).RootElement.GetProperty("body");
        Assert.Equal(("doc", "paragraph"), (body.GetProperty("type").GetString(), body.GetProperty("content")[0].GetProperty("type").GetString()));
        Assert.Equal("Escalation owner is now user:cto (raised at level 4 by runbook, 2026-12-04 09:50 UTC).",
            body.GetProperty("content")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_tracker_that_does_not_answer_is_given_up_on_after_the_attempt_timeout_setting()
    {
        Vendor.Given(Jira("/rest/api/3/search/jql")).RespondWith(Json("""{"issues":[]}""").WithDelay(TimeSpan.FromSeconds(40)));
        await using var silo = await TrackerSilo.StartAsync("jira", new Uri(Vendor.Url!), settings: ["--Notifications:AttemptTimeoutSeconds=1"]);
        var opening = TrackerSilo.Opening(out var taskId);

        await silo.Task(taskId).OpenAsync(opening);
        var delivery = silo.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<INotificationDeliveryGrain>(NotificationDeliveryKey.Of(TrackerCommand.Channel, $"{taskId}/tracker/create"));
        var status = await Eventually.ValueAsync(
            () => delivery.GetStatusAsync(), s => s?.LastError is not null, TimeSpan.FromSeconds(15), "the first attempt's outcome", s => $"{s?.LastError}");

        Assert.Equal("no answer within 1 s", status!.LastError);
    }

    [Fact]
    public async Task An_owner_change_while_the_issue_is_rate_limited_waits_for_the_link_and_is_commented_once()
    {
        Vendor.Given(Jira("/rest/api/3/search/jql")).RespondWith(Json("""{"issues":[]}"""));
        Vendor.Given(Jira("/rest/api/3/issue")).InScenario("limit").WillSetStateTo("open")
            .RespondWith(Json("""{"errorMessages":["Rate limit exceeded"]}""", 429).WithHeader("Retry-After", "4"));
        Vendor.Given(Jira("/rest/api/3/issue")).InScenario("limit").WhenStateIs("open")
            .RespondWith(Json("""{"id":"10042","key":"ENG-42"}""", 201));
        Vendor.Given(Jira("/rest/api/3/issue/ENG-42/comment")).RespondWith(Json("""{"id":"5001"}""", 201));
        await using var silo = await TrackerSilo.StartAsync("jira", new Uri(Vendor.Url!), maxAttempts: 3);
        var opening = TrackerSilo.Opening(out var taskId);

        await silo.Task(taskId).OpenAsync(opening);
        var handedOff = new EscalationStep(opening.At.AddMinutes(5), "handed_off", 3, "user:eng-1", "lead-1", "knows the checkout");
        var pending = await silo.Task(taskId).FollowEscalationAsync(
            new TaskEscalationUpdate(taskId, opening.EscalationId, "user:eng-1", [.. opening.EscalationPath, handedOff], opening.At.AddMinutes(5)));
        Assert.Equal(ExternalIssueStatuses.Pending, pending!.External!.Status);
        await Eventually.TrueAsync(
            () => Vendor.LogEntries.Any(e => e.RequestMessage.Path == "/rest/api/3/issue/ENG-42/comment"), TimeSpan.FromSeconds(30), "the comment after the link");
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1.5));

        var body = JsonDocument.Parse(Vendor.LogEntries.Single(e => e.RequestMessage.Path == "/rest/api/3/issue/ENG-42/comment").RequestMessage.Body!).RootElement;
        Assert.Equal("Escalation owner is now user:eng-1 (handed off at level 3 by lead-1, 2026-12-04 09:25 UTC: knows the checkout).",
            body.GetProperty("body").GetProperty("content")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Empty(await silo.Services.GetRequiredService<IDeliveryFailureLog>().ListAsync("support", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)));
    }
}

using System.Net;
using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Silo.Trackers;
using SlaEscalation.Silo.Tests.Harness;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>
/// A tracker's 2xx answer in a shape we do not read (a proxy's page, a changed API, a field missing) is a failed
/// attempt to retry, never an exception: a retry that runs out then marks the task's issue failed, as any other does,
/// and a retried make first searches by the task's id, so an issue made but unread is not made twice.
/// </summary>
public sealed class TrackerAnswerShapeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static readonly EngineeringTaskView Sample = new(
        "task_abcdefghijklmnopqrst", "zendesk:42", "https://sla.example.com/v1/tickets/zendesk:42", "Checkout fails", "open", null, "platform",
        new TicketContext("zendesk:42", "Checkout fails", "7001", null, null, "urgent", "open", false, "standard", new TicketOwner("support", null), [], []),
        "esc_1", "team:platform", [], Now, Now, []);

    private static readonly TrackerCommand Make = new(TrackerCommand.Create, Sample.Id, "jira", "jira-cloud", "ENG", "Bug", "team-uuid", null, null);

    // Answers a real tracker would never give with a 2xx, and a 2xx a proxy might.
    private static readonly string[] OddAnswers =
    [
        "<html>Sign in</html>", "[]", "\"ok\"", "null", "7", "{}", """{"issues":{}}""", """{"issues":[7]}""", """{"issues":[{}]}""",
        """{"issues":[{"id":10042,"key":null}]}""", """{"id":["10042"],"key":{}}""", """{"data":{}}""", """{"data":{"issues":[]}}""",
        """{"data":{"issues":{"nodes":{}}}}""", """{"data":{"issues":{"nodes":[null]}}}""", """{"data":{"issues":{"nodes":[{"id":"a"}]}}}""",
        """{"data":{"issueCreate":[]}}""", """{"data":{"issueCreate":{"issue":{"id":"a","identifier":5,"url":"u"}}}}""",
        """{"errors":[7]}""", """{"errors":[{"message":5,"extensions":"RATELIMITED"}]}""", """{"errors":[{"message":"x","extensions":{"code":[]}}]}""",
    ];

    public static TheoryData<string, string> Calls()
    {
        var calls = new TheoryData<string, string>();
        foreach (var tracker in new[] { "jira", "linear" })
        {
            foreach (var answer in OddAnswers)
            {
                calls.Add(tracker, answer);
            }
        }

        return calls;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task An_answer_in_an_unread_shape_is_an_attempt_to_retry_or_none_found_never_an_exception(string tracker, string answer)
    {
        var (client, connection) = Client(tracker, HttpStatusCode.OK, answer);

        var found = await client.FindAsync(connection, Sample, CancellationToken.None);
        var made = await client.CreateAsync(connection, Make, Sample, new TaskStory(Sample, null), CancellationToken.None);

        // Finding nothing is a fine answer to a search; a make must give the issue or fail.
        Assert.True(found.Failure is { Kind: not DeliveryOutcomeKind.Delivered } || found.Value is null, $"found {found.Value}");
        Assert.True(made.Failure is { Kind: not DeliveryOutcomeKind.Delivered }, $"made {made.Value}");
    }

    [Theory]
    [InlineData("jira", """{"issues":[{"id":"10042","key":"ENG-7"}]}""", """{"id":"10042","key":"ENG-7"}""", "ENG-7 https://acme.atlassian.net/browse/ENG-7")]
    [InlineData("linear", """{"data":{"issues":{"nodes":[{"id":"u-1","identifier":"ENG-7","url":"https://linear.app/acme/issue/ENG-7"}]}}}""",
        """{"data":{"issueCreate":{"success":true,"issue":{"id":"u-1","identifier":"ENG-7","url":"https://linear.app/acme/issue/ENG-7"}}}}""", "ENG-7 https://linear.app/acme/issue/ENG-7")]
    public async Task An_answer_in_the_trackers_shape_gives_the_issue(string tracker, string search, string creation, string expected)
    {
        var (finder, connection) = Client(tracker, HttpStatusCode.OK, search);
        var (maker, _) = Client(tracker, HttpStatusCode.OK, creation);

        var found = await finder.FindAsync(connection, Sample, CancellationToken.None);
        var made = await maker.CreateAsync(connection, Make, Sample, new TaskStory(Sample, null), CancellationToken.None);

        Assert.Equal((expected, expected), ($"{found.Value?.IssueKey} {found.Value?.Url}", $"{made.Value?.IssueKey} {made.Value?.Url}"));
    }

    private static (ITrackerClient Client, TrackerConnection Connection) Client(string tracker, HttpStatusCode status, string body)
    {
        var http = new HttpClient(new FixedAnswer(body, status));
        var time = new FakeTimeProvider(Now);
        return tracker == "jira"
            ? (new JiraCloudTracker(http, time), new TrackerConnection("jira-cloud", new Uri("https://acme.atlassian.net/"), "ops@example.com", "token"))
            : (new LinearTracker(http, time), new TrackerConnection("linear", TrackerConnection.LinearApi, null, "lin_api_key"));
    }
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Tests.Notifications;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>An embedded silo whose engineering team <c>platform</c> opens its tasks in Jira or Linear, and tasks to open there.</summary>
public static class TrackerSilo
{
    public const string LinearTeam = "9cfb482a-81e3-4154-b5b9-2c805e70a02d";
    public const string LinearKey = "lin_api_test_key";
    public const string JiraEmail = "sla-bot@example.com";
    public const string JiraToken = "jira-test-token";
    public static readonly string Secret = "tracker-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Starts a silo whose <c>platform</c> team uses <paramref name="tracker"/> (<c>linear</c> or <c>jira</c>) at
    /// <paramref name="api"/>, with <paramref name="settings"/> (<c>--Key=value</c>) besides.
    /// </summary>
    public static async Task<WebApplication> StartAsync(string tracker, Uri api, int maxAttempts = 5, string[]? settings = null)
    {
        var connection = tracker + "-eng";
        var silo = await NotificationSilo.StartAsync("trk-" + Guid.NewGuid().ToString("N")[..8], null,
        [
            $"--Adapters:{connection}:Tracker:BaseUrl={api}",
            tracker == "jira" ? $"--Adapters:{connection}:Tracker:ApiToken={JiraToken}" : $"--Adapters:{connection}:Tracker:ApiKey={LinearKey}",
            $"--Adapters:{connection}:Tracker:Email={JiraEmail}",
            $"--Adapters:{connection}:Tracker:Secret={Secret}",
            "--Trackers:LinkBase=https://sla.example.com",
            $"--Notifications:Retry:MaxAttempts={maxAttempts}",
            "--Notifications:Retry:InitialDelaySeconds=0.2",
            "--Notifications:Retry:MaxDelaySeconds=1",
            .. settings ?? [],
        ]);
        var http = silo.HttpClient();
        await http.PutJsonAsync($"/v1/connections/{connection}", JsonNode.Parse($$"""{ "kind": "{{tracker}}" }""")!);
        var trackerJson = tracker == "jira"
            ? """{ "kind": "jira", "connection": "jira-eng", "project": "ENG", "issueType": "Bug", "priorities": { "urgent": "Highest" } }"""
            : $$"""{ "kind": "linear", "connection": "linear-eng", "teamId": "{{LinearTeam}}" }""";
        await http.PutJsonAsync("/v1/teams/platform", JsonNode.Parse($$"""{ "members": ["eng-1"], "zone": "UTC", "tracker": {{trackerJson}} }""")!);
        return silo;
    }

    public static IEngineeringTaskGrain Task(this WebApplication silo, string taskId) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IEngineeringTaskGrain>(taskId);

    /// <summary>A task for a fresh ticket: an urgent enterprise ticket whose first reply breached, raised to level 3.</summary>
    public static TaskOpening Opening(out string taskId)
    {
        var key = "acme:" + Guid.NewGuid().ToString("N")[..8];
        taskId = EscalationIds.TaskOf(key, "standard", 3);
        var created = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        var ticket = new TicketContext(
            key, "Checkout fails with 500", "ann@acme.example", "Acme", "enterprise", "urgent", "open", false, "standard",
            new TicketOwner("support", "lead-1"),
            [new MetricView("first_reply", "first_reply#1", "breached", created, created.AddMinutes(15), created.AddMinutes(10), created.AddMinutes(15), null, TimeSpan.FromMinutes(81.5))],
            [new TicketActivity(created, "ticket.created", "customer", "Checkout fails with 500 since the deploy")]);
        var path = new List<EscalationStep>
        {
            new(created.AddMinutes(15), "raised", 2, "team_lead", "runbook", null),
            new(created.AddMinutes(20), "raised", 3, "engineering:platform", "runbook", null),
        };
        return new TaskOpening(taskId, "first_reply", "platform", ticket, EscalationIds.Of(key, "first_reply#1", "standard"), "engineering:platform", path, created.AddMinutes(20));
    }

    /// <summary>Waits until the task's outside issue has <paramref name="status"/>.</summary>
    public static Task<EngineeringTaskView?> UntilExternalAsync(this WebApplication silo, string taskId, string status) =>
        Eventually.ValueAsync(
            () => silo.Task(taskId).GetAsync(), t => t?.External?.Status == status, TimeSpan.FromSeconds(30), $"the task's issue {status}",
            t => $"{t?.External}");
}

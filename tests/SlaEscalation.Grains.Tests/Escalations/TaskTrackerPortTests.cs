using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>
/// The task port (<c>ITaskTracker</c>) with an outside tracker behind it: at risk, level 1 asks platform for a task;
/// breached, level 2 gives the escalation to the lead and asks for another.
/// </summary>
[Collection(TaskTrackerCollection.Name)]
public sealed class TaskTrackerPortTests(TaskTrackerCluster cluster) : IAsyncLifetime
{
    private static readonly (ConfigurationPartKind Kind, string? Id, string Body)[] Configuration =
    [
        (ConfigurationPartKind.Team, "support", """
            { "members": ["agent-1"], "lead": "lead-1", "zone": "UTC", "assignment": "round_robin" }
            """),
        (ConfigurationPartKind.Team, "platform", """{ "members": ["eng-1"], "zone": "UTC" }"""),
        (ConfigurationPartKind.Runbook, "ported", """
            { "levels": [
              { "trigger": "at_risk", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT15M" },
              { "trigger": "breached", "owner": "team_lead", "actions": ["notify", "create_task"], "ackWithin": "PT15M" }
            ] }
            """),
        (ConfigurationPartKind.Policies, null, """
            [ { "id": "ported", "runbook": "ported",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } } ]
            """),
    ];

    private FakeClockSteps Clock { get; } = new(cluster.Time, cluster.Warnings, cluster.SiloAddress);

    public Task InitializeAsync() => ConfigurationParts.ReplaceAsync(cluster.Client, Configuration);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_port_opens_one_task_per_ticket_and_step_with_the_whole_story_despite_duplicate_ticks_and_deliveries()
    {
        var created = cluster.Time.GetUtcNow();
        string[] keys = ["port:" + Guid.NewGuid().ToString("N"), "port:" + Guid.NewGuid().ToString("N")];
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<ITicketGrain>(key).ApplyAsync([new("test", "created", TicketEventTypes.Created, created,
                new TicketFields(Subject: "Checkout fails", Requester: "pat@acme.example", Organization: "Acme", CustomerTier: "enterprise", Priority: "high", Team: "support"))]);
        }

        // 30 min: at risk, one task each; then every tick and transition again, several times.
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(30));
        await Clock.UntilAsync(() => Task.FromResult(OpeningsOf(keys).Count == 2), () => $"{OpeningsOf(keys).Count} openings");
        await RepeatAsync(keys, SlaTransitionTypes.AtRisk, "at_risk", created.AddMinutes(30));

        // 60 min: breached, the second step's task each; the same again; then half an hour of ticks.
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(30));
        await Clock.UntilAsync(() => Task.FromResult(OpeningsOf(keys).Count == 4), () => $"{OpeningsOf(keys).Count} openings");
        await RepeatAsync(keys, SlaTransitionTypes.Breached, "breached", created.AddMinutes(60));
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(30));
        await Clock.NothingMoreHappensAsync();

        Assert.Equal(4, OpeningsOf(keys).Count);
        foreach (var key in keys)
        {
            var escalation = (await cluster.Client.GetGrain<IEscalationGrain>(EscalationIds.Of(key, "first_reply", "ported")).GetAsync())!;
            var taskIds = new[] { EscalationIds.TaskOf(key, "ported", 1), EscalationIds.TaskOf(key, "ported", 2) };
            var openings = cluster.Tracker.Openings.Where(o => o.Ticket.Key == key).ToArray();
            Assert.Equal(taskIds, openings.Select(o => o.TaskId));

            // The escalation keeps the tracker's references, and the internal tracker opened nothing.
            Assert.Equal(taskIds.Select(RecordingTaskTracker.ReferenceOf), escalation.TaskIds);
            Assert.Null(await cluster.Client.GetGrain<IEngineeringTaskGrain>(taskIds[0]).GetAsync());

            var (atRisk, breached) = (openings[0], openings[1]);
            var agent = atRisk.Ticket.Owner.Agent;
            Assert.Equal(("first_reply", "platform", escalation.Id, "team:platform"), (atRisk.Metric, atRisk.EngineeringTeam, atRisk.EscalationId, atRisk.EscalationOwner));
            Assert.Equal(("first_reply", null, escalation.Id, "user:lead-1"), (breached.Metric, breached.EngineeringTeam, breached.EscalationId, breached.EscalationOwner));
            Assert.Equal(escalation.History.Take(1), atRisk.EscalationPath);
            Assert.Equal(escalation.History.Take(4), breached.EscalationPath);
            Assert.Equal(["raised", "task_created", "ack_timed_out", "raised"], breached.EscalationPath.Select(s => s.Step));
            Assert.InRange(atRisk.At, created.AddMinutes(30), created.AddMinutes(30).AddSeconds(5));
            Assert.InRange(breached.At, created.AddMinutes(60), created.AddMinutes(60).AddSeconds(5));
            foreach (var (opening, state, breachedAt) in new[] { (atRisk, "at_risk", (DateTimeOffset?)null), (breached, "breached", created.AddMinutes(60)) })
            {
                var ticket = opening.Ticket;
                Assert.Equal(
                    (key, "Checkout fails", "pat@acme.example", "Acme", "enterprise", "high", "new", false, "ported", new TicketOwner("support", agent)),
                    (ticket.Key, ticket.Subject, ticket.Requester, ticket.Organization, ticket.CustomerTier, ticket.Priority, ticket.Status, ticket.IsSolved, ticket.PolicyId, ticket.Owner));
                var metric = Assert.Single(ticket.Metrics);
                Assert.Equal(
                    ("first_reply", state, created, created.AddHours(1), created.AddMinutes(30), breachedAt),
                    (metric.Metric, metric.State, metric.StartedAt, metric.Deadline, metric.AtRiskAt, metric.BreachedAt));
                Assert.Equal([(created, TicketEventTypes.Created)], ticket.RecentPublicActivity.Select(a => (a.Time, a.Type)));
            }

            // Level 2 told the first task its new owner, once.
            var follow = Assert.Single(cluster.Tracker.Follows, f => f.EscalationId == escalation.Id);
            Assert.Equal((RecordingTaskTracker.ReferenceOf(taskIds[0]), "user:lead-1"), (follow.TaskId, follow.EscalationOwner));
        }
    }

    private IReadOnlyList<TaskOpening> OpeningsOf(string[] keys) => [.. cluster.Tracker.Openings.Where(o => keys.Contains(o.Ticket.Key))];

    /// <summary>Delivers each escalation's reminder tick five times at once, and the transition it last took twice more.</summary>
    private async Task RepeatAsync(string[] keys, string type, string kind, DateTimeOffset at)
    {
        var now = cluster.Time.GetUtcNow().UtcDateTime;
        foreach (var key in keys)
        {
            var escalation = cluster.Client.GetGrain<IEscalationGrain>(EscalationIds.Of(key, "first_reply", "ported"));
            var ticks = Enumerable.Range(0, 5).Select(_ => escalation.AsReference<IRemindable>().ReceiveReminder(EscalationGrain.Reminder, new TickStatus(now, TimeSpan.FromSeconds(5), now)));
            var transition = new SlaTransition($"{key}/first_reply/{kind}", type, key, "first_reply", "first_reply", at, at, new TicketOwner("support", null));
            var subject = new EscalationSubject(key, "first_reply", "first_reply", "ported");
            await Task.WhenAll([.. ticks, escalation.ObserveAsync(subject, transition), escalation.ObserveAsync(subject, transition)]);
        }

        await Clock.NothingMoreHappensAsync();
    }
}

/// <summary>The task port's tests get a silo of their own, with the recording tracker.</summary>
[CollectionDefinition(Name)]
public sealed class TaskTrackerCollection : ICollectionFixture<TaskTrackerCluster>
{
    public const string Name = "task tracker cluster";
}

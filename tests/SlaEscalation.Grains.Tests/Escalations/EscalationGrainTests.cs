using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Tests.Digests;
using SlaEscalation.Grains.Tests.Tickets;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>
/// The runbook of the escalation issue on a fake clock: at risk, notify the assignee; breached, reassign to the team
/// lead with a 15-minute acknowledgement window; unacknowledged, open an engineering task.
/// </summary>
[Collection(EscalationCollection.Name)]
public sealed class EscalationGrainTests(TicketCluster cluster) : IAsyncLifetime
{
    private static readonly (ConfigurationPartKind Kind, string? Id, string Body)[] Configuration =
    [
        (ConfigurationPartKind.Team, "support", """
            { "members": ["agent-1", "agent-2"], "lead": "lead-1", "zone": "UTC", "digestHour": 8,
              "unassignedLimit": "PT30M", "assignment": "round_robin" }
            """),
        (ConfigurationPartKind.Team, "platform", """
            { "members": ["eng-1", "eng-2"], "lead": "eng-lead", "onCall": "eng-2", "zone": "UTC", "digestHour": 8,
              "unassignedLimit": "PT1H", "assignment": "round_robin" }
            """),
        (ConfigurationPartKind.Runbook, "standard", """
            { "levels": [
              { "trigger": "at_risk", "owner": "assignee", "actions": ["notify"], "ackWithin": "PT15M" },
              { "trigger": "breached", "owner": "team_lead", "actions": ["notify", "reassign"], "ackWithin": "PT15M" },
              { "trigger": "unacknowledged_for PT15M", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT1H" }
            ] }
            """),
        (ConfigurationPartKind.Runbook, "repeating", """
            { "levels": [
              { "trigger": "at_risk", "owner": "assignee", "actions": ["notify"], "ackWithin": "PT5M", "repeats": 2 },
              { "trigger": "unacknowledged_for PT20M", "owner": "team_lead", "actions": ["notify"], "ackWithin": "PT15M" }
            ] }
            """),
        (ConfigurationPartKind.Runbook, "spaced", """
            { "levels": [
              { "trigger": "at_risk", "owner": "assignee", "actions": ["notify"], "ackWithin": "PT5M", "repeats": 2, "repeatEvery": "PT2M" },
              { "trigger": "unacknowledged_for PT12M", "owner": "team_lead", "actions": ["notify"], "ackWithin": "PT15M" }
            ] }
            """),
        (ConfigurationPartKind.Runbook, "tasked", """
            { "levels": [
              { "trigger": "at_risk", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT15M" },
              { "trigger": "breached", "owner": "team_lead", "actions": ["notify"], "ackWithin": "PT15M" }
            ] }
            """),
        (ConfigurationPartKind.Runbook, "late", """
            { "levels": [
              { "trigger": "breached_for PT10M", "owner": "team_lead", "actions": ["notify"], "ackWithin": "PT15M" }
            ] }
            """),
        (ConfigurationPartKind.Runbook, "owners", """
            { "levels": [
              { "trigger": "at_risk", "owner": "on_call:platform", "actions": ["notify", "reassign"], "ackWithin": "PT15M" },
              { "trigger": "breached", "owner": "user:dana", "actions": ["notify", "reassign"], "ackWithin": "PT15M" }
            ] }
            """),
        (ConfigurationPartKind.Policies, null, """
            [
              { "id": "standard", "when": { "tags": { "any": ["standard"] } }, "runbook": "standard",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } },
              { "id": "repeating", "when": { "tags": { "any": ["repeating"] } }, "runbook": "repeating",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } },
              { "id": "spaced", "when": { "tags": { "any": ["spaced"] } }, "runbook": "spaced",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } },
              { "id": "tasked", "when": { "tags": { "any": ["tasked"] } }, "runbook": "tasked",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } },
              { "id": "late", "when": { "tags": { "any": ["late"] } }, "runbook": "late",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } },
              { "id": "owners", "when": { "tags": { "any": ["owners"] } }, "runbook": "owners",
                "targets": { "high": { "first_reply": { "target": "PT1H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } }
            ]
            """),
    ];

    private FakeClockSteps Clock { get; } = new(cluster.Time, cluster.Warnings, cluster.SiloAddress);

    private readonly Activations activations = new(cluster.Client.GetGrain<IManagementGrain>(0), cluster.Time);

    public Task InitializeAsync() => ConfigurationParts.ReplaceAsync(cluster.Client, Configuration);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_runbook_notifies_then_reassigns_to_the_lead_then_opens_one_task_and_ends_when_the_metric_is_achieved()
    {
        var (key, created, ticket, escalation) = await OpenAsync("esc", "standard");
        var assignee = (await ticket.GetAsync())!.Owner.Agent;
        Assert.NotNull(assignee);

        // 30 min: at risk. Level 1: the assignee owns it and must acknowledge within 15 minutes.
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var level1 = await UntilAsync(escalation, e => e.Level == 1);
        Assert.Equal(("open", "user:" + assignee, "acknowledge", created.AddMinutes(45)), (level1.State, level1.Owner, level1.NextAction!.Action, level1.NextAction.DueAt));
        await UntilAsync(() => cluster.Notifications.Sent.Any(n => n.DeliveryKey == $"{level1.Id}/L1/raised" && n.Recipient == "user:" + assignee));

        // 45 min: the window passes unacknowledged; the next level waits for the breach. The requester writes again
        // (public) and an agent leaves a private note.
        await AdvanceAsync(TimeSpan.FromMinutes(15));
        var timedOut = await UntilAsync(escalation, e => e.History.Any(s => s.Step == "ack_timed_out"));
        Assert.Equal((1, "acknowledge"), (timedOut.Level, timedOut.NextAction!.Action));
        var asked = cluster.Time.GetUtcNow();
        await ticket.ApplyAsync([
            new("test", "asked", TicketEventTypes.CommentAdded, asked, TicketFields.None, "requester", true),
            new("test", "noted", TicketEventTypes.CommentAdded, asked, TicketFields.None, "agent", false)]);

        // 60 min: breached. Level 2: the team lead owns the escalation and the ticket.
        await AdvanceAsync(TimeSpan.FromMinutes(15));
        var level2 = await UntilAsync(escalation, e => e.Level == 2 && e.History.Any(s => s.Step == "reassigned"));
        Assert.Equal(("user:lead-1", created.AddMinutes(75)), (level2.Owner, level2.NextAction!.DueAt));
        Assert.Contains("level 3", level2.NextAction.Description, StringComparison.Ordinal);
        Assert.Equal(new TicketOwner("support", "lead-1"), (await ticket.GetAsync())!.Owner);

        // 75 min: level 2 unacknowledged for 15 minutes. Level 3: engineering gets one task with the whole story.
        await AdvanceAsync(TimeSpan.FromMinutes(15));
        var level3 = await UntilAsync(escalation, e => e.Level == 3 && e.TaskIds.Count == 1);
        Assert.Equal(("team:platform", created.AddMinutes(135)), (level3.Owner, level3.NextAction!.DueAt));
        var taskId = Assert.Single(level3.TaskIds);
        Assert.Equal(EscalationIds.TaskOf(key, "standard", 3), taskId);
        var task = (await cluster.Client.GetGrain<IEngineeringTaskGrain>(taskId).GetAsync())!;
        Assert.Equal((key, "open", "platform", level3.Id), (task.TicketKey, task.Status, task.EngineeringTeam, task.EscalationId));
        Assert.Equal("first_reply escalated: Checkout fails", task.Title);
        Assert.Equal(
            ("Checkout fails", "pat@acme.example", "Acme", "enterprise", "high", "new"),
            (task.Ticket.Subject, task.Ticket.Requester, task.Ticket.Organization, task.Ticket.CustomerTier, task.Ticket.Priority, task.Ticket.Status));
        Assert.Equal(
            [
                (created, TicketEventTypes.Created, null, "created (subject: Checkout fails; priority: high; team: support; tags: standard)"),
                (asked, TicketEventTypes.CommentAdded, "requester", "public comment by the requester"),
            ],
            task.Ticket.RecentPublicActivity.Select(a => (a.Time, a.Type, a.AuthorRole, a.Summary)));
        Assert.Equal("breached", task.Ticket.Metrics.Single(m => m.Metric == "first_reply").State);
        Assert.Equal(created.AddHours(1), task.Ticket.Metrics.Single(m => m.Metric == "first_reply").Deadline);
        Assert.Equal(["raised", "ack_timed_out", "raised", "reassigned", "ack_timed_out", "raised"], task.EscalationPath.Select(s => s.Step));
        Assert.Equal("user:lead-1", task.Ticket.Owner.Agent is null ? null : "user:" + task.Ticket.Owner.Agent);

        // Duplicate deliveries and more ticks open nothing new.
        var breach = new SlaTransition($"{key}/first_reply/breached", SlaTransitionTypes.Breached, key, "first_reply", "first_reply", created.AddHours(1), created.AddHours(1), new TicketOwner("support", assignee));
        await escalation.ObserveAsync(new EscalationSubject(key, "first_reply", "first_reply", "standard"), breach);
        await escalation.ObserveAsync(new EscalationSubject(key, "first_reply", "first_reply", "standard"), breach);
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        await NothingMoreHappensAsync();
        var later = (await escalation.GetAsync())!;
        Assert.Equal((3, 1), (later.Level, later.TaskIds.Count));
        Assert.Equal(3, later.History.Count(s => s.Step == "raised"));

        // The first public agent reply achieves the metric (late): the escalation ends.
        await ticket.ApplyAsync([Reply(cluster.Time.GetUtcNow())]);
        var resolved = await UntilAsync(escalation, e => e.State == "resolved");
        Assert.Equal(("achieved", null), (resolved.Resolution, resolved.NextAction));
    }

    [Fact]
    public async Task An_acknowledgement_stops_the_repeats_and_stands_down_the_level_that_waits_on_it()
    {
        var (_, created, _, escalation) = await OpenAsync("ack", "repeating");

        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var raised = await UntilAsync(escalation, e => e.Level == 1);

        // 35 min: the 5-minute window passes; 40 min: the first of two repeats goes out, one window later.
        await AdvanceAsync(TimeSpan.FromMinutes(10));
        await UntilAsync(escalation, e => e.History.Count(s => s.Step == "notified") == 1);
        Assert.Equal(created.AddMinutes(45), (await escalation.GetAsync())!.NextAction!.DueAt);

        var acknowledged = await escalation.AcknowledgeAsync("agent-x", "test");
        Assert.Equal(EscalationCommandOutcome.Applied, acknowledged.Outcome);
        Assert.Equal("restore_sla", acknowledged.Escalation!.NextAction!.Action);

        // 45 and 55 min: neither the second repeat nor the unacknowledged level (due at 50) comes.
        await AdvanceAsync(TimeSpan.FromMinutes(5));
        await NothingMoreHappensAsync();
        await AdvanceAsync(TimeSpan.FromMinutes(10));
        await NothingMoreHappensAsync();
        var after = (await escalation.GetAsync())!;
        Assert.Equal((1, 1, true), (after.Level, after.History.Count(s => s.Step == "notified"), after.Acknowledged));
        Assert.Single(cluster.Notifications.Sent, n => n.DeliveryKey.StartsWith(raised.Id + "/L1/repeat#", StringComparison.Ordinal));

        // A hand-off names its new owner, who is on the escalation from then on (not a team member: round robin may
        // have made either the assignee, depending on the tickets other tests opened before).
        var handedOff = await escalation.HandOffAsync("user:dana", "agent-x", "going off shift", "test");
        Assert.Equal(("user:dana", "going off shift"), (handedOff.Escalation!.Owner, handedOff.Escalation.History[^1].Detail));

        var resolved = await escalation.ResolveAsync("dana", "customer called back", "test");
        Assert.Equal("resolved", resolved.Escalation!.State);
        Assert.Equal(EscalationCommandOutcome.Closed, (await escalation.AcknowledgeAsync("dana", "test")).Outcome);
    }

    /// <summary>
    /// ackWithin PT5M, repeats 2, repeatEvery PT2M, raised at 30 min: the window ends at 35 (recorded, nobody
    /// re-notified), the owner is notified again at 37 and 39 and not after, and the level waiting 12 minutes on it is
    /// raised at 42.
    /// </summary>
    [Fact]
    public async Task Repeats_go_out_every_repeatEvery_after_the_window_and_the_next_level_comes_on_time()
    {
        var (_, created, ticket, escalation) = await OpenAsync("spaced", "spaced");
        var assignee = "user:" + (await ticket.GetAsync())!.Owner.Agent;
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var raised = await UntilAsync(escalation, e => e.Level == 1);
        Assert.Equal(created.AddMinutes(35), raised.NextAction!.DueAt);

        await AdvanceAsync(TimeSpan.FromMinutes(5));
        var timedOut = await UntilAsync(escalation, e => e.History.Any(s => s.Step == "ack_timed_out"));
        Assert.Equal((0, created.AddMinutes(37)), (timedOut.History.Count(s => s.Step == "notified"), timedOut.NextAction!.DueAt));

        foreach (var (repeat, at) in new[] { (1, 37), (2, 39) })
        {
            await AdvanceAsync(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
            await NothingMoreHappensAsync();
            Assert.Equal(repeat - 1, (await escalation.GetAsync())!.History.Count(s => s.Step == "notified"));
            await AdvanceAsync(TimeSpan.FromSeconds(1));
            var notified = await UntilAsync(escalation, e => e.History.Count(s => s.Step == "notified") == repeat);
            Assert.InRange(notified.History[^1].At, created.AddMinutes(at), created.AddMinutes(at).AddSeconds(5));
            Assert.Equal($"repeat {repeat} of 2", notified.History[^1].Detail);
        }

        Assert.Equal(created.AddMinutes(39), (await escalation.GetAsync())!.NextAction!.DueAt);
        await AdvanceAsync(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        await NothingMoreHappensAsync();
        Assert.Equal(1, (await escalation.GetAsync())!.Level);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var level2 = await UntilAsync(escalation, e => e.Level == 2);
        Assert.Equal(("user:lead-1", created.AddMinutes(42 + 15)), (level2.Owner, level2.NextAction!.DueAt));
        Assert.Equal(["raised", "ack_timed_out", "notified", "notified", "raised"], level2.History.Select(s => s.Step));
        var repeats = cluster.Notifications.Sent.Where(n => n.DeliveryKey.StartsWith(raised.Id + "/L1/repeat#", StringComparison.Ordinal)).ToArray();
        Assert.Equal([(raised.Id + "/L1/repeat#1", assignee), (raised.Id + "/L1/repeat#2", assignee)], repeats.Select(n => (n.DeliveryKey, n.Recipient)));
    }

    [Fact]
    public async Task A_task_follows_its_escalation_s_owner_through_the_next_level_and_a_hand_off()
    {
        var (_, _, _, escalation) = await OpenAsync("tasked", "tasked");

        // 30 min: at risk. Level 1 opens a task for platform, whose queue owns the escalation.
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var level1 = await UntilAsync(escalation, e => e.TaskIds.Count == 1);
        var task = cluster.Client.GetGrain<IEngineeringTaskGrain>(level1.TaskIds[0]);
        Assert.Equal("team:platform", (await task.GetAsync())!.EscalationOwner);

        // 60 min: breached. Level 2 gives the escalation to the lead; the task learns it.
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        await UntilAsync(escalation, e => e.Level == 2);
        var afterLevel2 = await UntilTaskAsync(task, t => t.EscalationOwner == "user:lead-1");
        Assert.Equal(["raised", "task_created", "ack_timed_out", "raised"], afterLevel2.EscalationPath.Select(s => s.Step));

        // A hand-off: the task learns that too, with the reason on its path.
        var handedOff = await escalation.HandOffAsync("user:agent-2", "lead-1", "knows the checkout", "test");
        var afterHandOff = await UntilTaskAsync(task, t => t.EscalationOwner == "user:agent-2");
        Assert.Equal(handedOff.Escalation!.History, afterHandOff.EscalationPath);
        Assert.Equal(("handed_off", "knows the checkout"), (afterHandOff.EscalationPath[^1].Step, afterHandOff.EscalationPath[^1].Detail));

        // An update it has already overtaken, or one from another escalation, changes nothing.
        var stale = new TaskEscalationUpdate(afterHandOff.Id, level1.Id, "user:someone", afterLevel2.EscalationPath, cluster.Time.GetUtcNow());
        var foreign = stale with { EscalationId = "esc_" + new string('x', 20), EscalationPath = [.. afterHandOff.EscalationPath, .. afterHandOff.EscalationPath] };
        foreach (var update in new[] { stale, foreign })
        {
            var unchanged = (await task.FollowEscalationAsync(update))!;
            Assert.Equal(("user:agent-2", afterHandOff.EscalationPath.Count, afterHandOff.UpdatedAt), (unchanged.EscalationOwner, unchanged.EscalationPath.Count, unchanged.UpdatedAt));
        }
    }

    [Fact]
    public async Task A_task_change_whose_index_row_cannot_be_written_is_answered_as_made_and_its_reminder_writes_the_row_later()
    {
        var (key, _, _, escalation) = await OpenAsync("unindexed", "tasked");
        cluster.EscalationIndex.RefuseTasks = true;
        try
        {
            // 30 min: at risk; the task opens, saved, with its row refused.
            await AdvanceAsync(TimeSpan.FromMinutes(30));
            var raised = await UntilAsync(escalation, e => e.TaskIds.Count == 1);
            var task = cluster.Client.GetGrain<IEngineeringTaskGrain>(raised.TaskIds[0]);
            Assert.Equal(TaskStatuses.Open, (await task.GetAsync())!.Status);
            Assert.Empty(await cluster.EscalationIndex.ListTasksAsync(key));

            // A change made meanwhile is answered as made, and saved.
            var changed = await task.UpdateAsync(new TaskUpdate(TaskStatuses.InProgress, "eng-1", "eng-1", null), "test");
            Assert.Equal(TaskStatuses.InProgress, changed!.Status);
            Assert.Empty(await cluster.EscalationIndex.ListTasksAsync(key));

            // Once rows go in again, the reminder writes the task's row as it is now, with nothing else to prompt it.
            cluster.EscalationIndex.RefuseTasks = false;
            await AdvanceAsync(TimeSpan.FromSeconds(6));
            await UntilAsync(
                async () => (await cluster.EscalationIndex.ListTasksAsync(key)) is [{ Status: TaskStatuses.InProgress, Assignee: "eng-1" }],
                () => "the task's row was not written by its reminder");
        }
        finally
        {
            cluster.EscalationIndex.RefuseTasks = false;
        }
    }

    [Fact]
    public async Task A_ticket_solved_before_its_deadline_raises_nothing_after_the_risk()
    {
        var (_, _, ticket, escalation) = await OpenAsync("solved", "standard");
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        await UntilAsync(escalation, e => e.Level == 1);

        await ticket.ApplyAsync([new TicketEventRecord("test", "solve", TicketEventTypes.Updated, cluster.Time.GetUtcNow(), new TicketFields(Status: "solved"))]);
        var resolved = await UntilAsync(escalation, e => e.State == "resolved");
        Assert.Equal("solved", resolved.Resolution);

        await AdvanceAsync(TimeSpan.FromHours(1));
        await NothingMoreHappensAsync();
        Assert.Equal(1, (await escalation.GetAsync())!.Level);
    }

    [Fact]
    public async Task A_breach_learned_after_the_late_reply_is_counted_but_raises_no_level()
    {
        // History sent late (a catch-up): created two hours ago, first replied 30 minutes after its one-hour deadline.
        var key = "learned-late:" + Guid.NewGuid().ToString("N");
        var created = cluster.Time.GetUtcNow().AddHours(-2);
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        var escalation = cluster.Client.GetGrain<IEscalationGrain>(EscalationIds.Of(key, "first_reply", "standard"));
        await ticket.ApplyAsync([Created(created, "standard"), Reply(created.AddMinutes(90))]);
        var owner = (await ticket.GetAsync())!.Owner;

        await UntilNotifiedAsync(key, SlaTransitionTypes.Achieved);
        await AdvanceAsync(TimeSpan.FromHours(1));
        await NothingMoreHappensAsync();

        Assert.Contains(cluster.Notifications.Sent, n => n.Subject == key && n.Type == SlaTransitionTypes.Breached);
        Assert.Null(await escalation.GetAsync());
        Assert.Equal(owner, (await ticket.GetAsync())!.Owner);
        Assert.Empty(await cluster.EscalationIndex.ListTasksAsync(key));
        Assert.DoesNotContain(cluster.Notifications.Sent, n => n.Subject == key && n.Recipient is not null);
    }

    [Fact]
    public async Task A_transition_that_does_not_carry_its_policy_is_escalated_under_the_ticket_s_policy()
    {
        // As a transition queued before transitions carried their policy would arrive after an upgrade.
        var (key, created, ticket, escalation) = await OpenAsync("unstamped", "standard");
        var atRisk = new SlaTransition(
            $"{key}/first_reply/at_risk", SlaTransitionTypes.AtRisk, key, "first_reply", "first_reply",
            created, created, new TicketOwner("support", "agent-1"), Priority: "high", TicketCreatedAt: created);
        Assert.Null(atRisk.PolicyId);
        await cluster.Client.GetGrain<IBusPublisherGrain>(0).PublishAsync(atRisk);

        var raised = await UntilAsync(escalation, e => e.Level == 1);
        Assert.Equal(("raised", $"user:{(await ticket.GetAsync())!.Owner.Agent}"), (raised.History[0].Step, raised.Owner));
    }

    [Fact]
    public async Task A_breached_for_level_is_raised_ten_minutes_after_the_breach_and_not_before()
    {
        var (_, created, ticket, escalation) = await OpenAsync("late", "late");

        // 60 min: breached. 69:50: still nothing raised.
        await AdvanceAsync(TimeSpan.FromMinutes(60));
        await UntilBreachedAsync(ticket);
        await AdvanceAsync(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(50));
        await NothingMoreHappensAsync();
        Assert.Null(await escalation.GetAsync());

        // 70 min: the level is raised, due from the breach + 10 min (its window counts from then).
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        var raised = await UntilAsync(escalation, e => e.Level == 1);
        var step = Assert.Single(raised.History);
        Assert.Equal(("raised", "breached_for PT10M: notify", "user:lead-1"), (step.Step, step.Detail, raised.Owner));
        Assert.Equal(created.AddMinutes(70 + 15), raised.NextAction!.DueAt);
        Assert.InRange(step.At, created.AddMinutes(70), created.AddMinutes(70).AddSeconds(5));
    }

    [Fact]
    public async Task A_runbook_without_an_at_risk_level_is_not_woken_by_the_risk_and_still_raises_on_time()
    {
        var (key, created, ticket, escalation) = await OpenAsync("unwatched", "late");

        // 30 min: at risk. The follower hands a transition to the escalation before the notifier: once the notifier
        // has it, an escalation that took it would be active and written.
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        await UntilNotifiedAsync(key, SlaTransitionTypes.AtRisk);
        Assert.False(await activations.ActiveAsync(escalation.GetGrainId()));
        Assert.Equal(0, FailableGrainStorage.WritesOf(escalation.GetGrainId()));

        // 60 min: breached; 70 min: its level is raised, due from the breach as ever.
        await AdvanceAsync(created.AddMinutes(60) - cluster.Time.GetUtcNow());
        await UntilBreachedAsync(ticket);
        await AdvanceAsync(created.AddMinutes(70) - cluster.Time.GetUtcNow());
        var raised = await UntilAsync(escalation, e => e.Level == 1);
        Assert.Equal(("breached_for PT10M: notify", created.AddMinutes(70 + 15)), (raised.History[0].Detail, raised.NextAction!.DueAt));
    }

    [Fact]
    public async Task An_escalation_told_of_a_metric_achieved_on_time_lets_go_of_its_activation()
    {
        var (key, created, ticket, escalation) = await OpenAsync("ontime", "late");

        // Replied within the target, before the risk: achieved on time, the common case. The escalation hears of it,
        // has nothing to remember, and goes instead of staying its five idle minutes.
        await AdvanceAsync(TimeSpan.FromMinutes(5));
        await ticket.ApplyAsync([Reply(created.AddMinutes(5))]);
        await UntilNotifiedAsync(key, SlaTransitionTypes.Achieved);
        await activations.GoneAsync(escalation.GetGrainId(), "the escalation to go after an achieved it had nothing for");
        Assert.Null(await escalation.GetAsync());
    }

    [Fact]
    public async Task The_digest_feed_of_a_ticket_lets_go_of_its_activation_soon_after_a_level_s_notices()
    {
        var (key, created, ticket, escalation) = await OpenAsync("feed", "late");
        await AdvanceAsync(TimeSpan.FromMinutes(60));
        await UntilBreachedAsync(ticket);
        await AdvanceAsync(created.AddMinutes(70) - cluster.Time.GetUtcNow());
        await UntilAsync(escalation, e => e.Level == 1);

        // The level's notices reach the ticket's digest feed on the bus; well before Orleans' two idle minutes, and
        // with nothing more to handle, it goes.
        var feed = cluster.Client.GetGrain<IDigestFeedGrain>(key).GetGrainId();
        await activations.UntilActiveAsync(feed, "the ticket's digest feed to take the level's notices");
        cluster.Time.Advance(DigestFeedGrain.KeptAfterNotice);
        await activations.GoneAsync(feed, "the digest feed to let go of its activation after the level's notices");
    }

    [Fact]
    public async Task Raising_a_level_writes_the_escalation_twice_its_delivered_outbox_with_the_reminder()
    {
        var (_, created, ticket, escalation) = await OpenAsync("writes", "late");
        await AdvanceAsync(TimeSpan.FromMinutes(60));
        await UntilBreachedAsync(ticket);

        // The escalation took the breach once its reminder waits for the level: the bus delivers only while the clock
        // moves, and a breach it delivered later would count its writes as the raise's.
        await UntilAsync(() => ReminderLoops.IsSettled(escalation.GetGrainId()));
        await NothingMoreHappensAsync();
        var before = FailableGrainStorage.WritesOf(escalation.GetGrainId());

        // 70 min: the level is raised (a write), its fact and notice delivered, then the reminder moved to the level's
        // acknowledgement window, written with the emptied outbox (a second write, not a third).
        await AdvanceAsync(created.AddMinutes(70) - cluster.Time.GetUtcNow());
        await UntilAsync(escalation, e => e.Level == 1);
        await NothingMoreHappensAsync();
        Assert.Equal(before + 2, FailableGrainStorage.WritesOf(escalation.GetGrainId()));
    }

    [Fact]
    public async Task A_level_is_raised_on_its_instant_when_the_reminder_service_took_the_registration_late()
    {
        // A reminder's schedule starts from when the reminder service handles the registration; a queue in front of
        // it (a burst of breaches raising levels) made the level late by the time the request waited.
        var (_, created, ticket, escalation) = await OpenAsync("late-registration", "late");
        cluster.ReminderRegistrations.Delay(escalation.GetGrainId(), TimeSpan.FromMilliseconds(700));

        await AdvanceAsync(TimeSpan.FromMinutes(60));
        await UntilBreachedAsync(ticket);

        // Due at 70 min: to just before the reminder's early tick, then past it (the escalation holds it), then to the instant.
        var due = created.AddMinutes(70);
        await AdvanceAsync(due - ReminderCadence.Lead - TimeSpan.FromSeconds(1) - cluster.Time.GetUtcNow());
        await NothingMoreHappensAsync();
        await AdvanceAsync(ReminderCadence.Lead);
        await NothingMoreHappensAsync();
        Assert.Null(await escalation.GetAsync());

        await AdvanceAsync(due - cluster.Time.GetUtcNow());
        var raised = await UntilAsync(escalation, e => e.Level == 1);
        Assert.InRange(Assert.Single(raised.History).At, due, due.AddMilliseconds(200));
    }

    [Fact]
    public async Task A_level_is_raised_on_its_instant_when_the_turn_that_scheduled_it_outlasted_the_lead()
    {
        // The reminder service counts a registration's due time from its own clock: a due time counted from when the
        // turn began would carry the turn's writes before the registration (here 3 s each, longer than the lead) into
        // every tick.
        var (_, created, ticket, escalation) = await OpenAsync("slow-write", "late");
        FailableGrainStorage.SlowWrites(escalation.GetGrainId(), cluster.Time, ReminderCadence.Lead + TimeSpan.FromSeconds(1));

        await AdvanceAsync(TimeSpan.FromMinutes(60));
        await UntilBreachedAsync(ticket);
        await UntilAsync(() => ReminderLoops.IsSettled(escalation.GetGrainId()));

        var due = created.AddMinutes(70);
        await AdvanceAsync(due - TimeSpan.FromSeconds(1) - cluster.Time.GetUtcNow());
        await NothingMoreHappensAsync();
        Assert.Null(await escalation.GetAsync());

        await AdvanceAsync(due - cluster.Time.GetUtcNow());
        var raised = await UntilAsync(escalation, e => e.Level == 1);
        Assert.InRange(Assert.Single(raised.History).At, due, due.AddMilliseconds(200));
    }

    [Fact]
    public async Task On_call_and_user_owners_take_the_escalation_and_with_reassign_the_ticket()
    {
        var (_, _, ticket, escalation) = await OpenAsync("owners", "owners");
        Assert.Equal("support", (await ticket.GetAsync())!.Owner.Team);

        // 30 min: at risk. on_call:platform is the platform team's on-call agent; reassign moves the ticket to them.
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var onCall = await UntilAsync(escalation, e => e.Level == 1 && e.History.Any(s => s.Step == "reassigned"));
        Assert.Equal("user:eng-2", onCall.Owner);
        Assert.Equal(new TicketOwner("platform", "eng-2"), (await ticket.GetAsync())!.Owner);

        // 60 min: breached. user:dana takes the escalation, and the ticket within its current team.
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var user = await UntilAsync(escalation, e => e.Level == 2 && e.History.Count(s => s.Step == "reassigned") == 2);
        Assert.Equal("user:dana", user.Owner);
        Assert.Equal(new TicketOwner("platform", "dana"), (await ticket.GetAsync())!.Owner);
        Assert.Equal(["raised", "reassigned", "ack_timed_out", "raised", "reassigned"], user.History.Select(s => s.Step));
    }

    /// <summary>Opens a ticket (key prefix <paramref name="prefix"/>) that the policy of <paramref name="runbook"/> takes; returns it and its first_reply escalation.</summary>
    private async Task<(string Key, DateTimeOffset Created, ITicketGrain Ticket, IEscalationGrain Escalation)> OpenAsync(string prefix, string runbook)
    {
        var key = prefix + ":" + Guid.NewGuid().ToString("N");
        var created = cluster.Time.GetUtcNow();
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        await ticket.ApplyAsync([Created(created, runbook)]);
        return (key, created, ticket, cluster.Client.GetGrain<IEscalationGrain>(EscalationIds.Of(key, "first_reply", runbook)));
    }

    private static TicketEventRecord Created(DateTimeOffset time, string tag) =>
        new("test", "created", TicketEventTypes.Created, time, new TicketFields(Subject: "Checkout fails", Requester: "pat@acme.example", Organization: "Acme", CustomerTier: "enterprise", Priority: "high", Team: "support", Tags: [tag]));

    private static TicketEventRecord Reply(DateTimeOffset time) =>
        new("test", "reply", TicketEventTypes.CommentAdded, time, TicketFields.None, "agent", true);

    private async Task<EngineeringTaskView> UntilTaskAsync(IEngineeringTaskGrain task, Func<EngineeringTaskView, bool> condition) =>
        (await Clock.UntilAsync(task.GetAsync, v => v is not null && condition(v), "the task's owner", v => $"task owner {v?.EscalationOwner}"))!;

    private Task UntilAsync(Func<bool> condition) =>
        UntilAsync(() => Task.FromResult(condition()), () => "condition not met");

    private Task AdvanceAsync(TimeSpan by) => Clock.AdvanceAsync(by);

    private Task NothingMoreHappensAsync() => Clock.NothingMoreHappensAsync();

    private Task UntilAsync(Func<Task<bool>> condition, Func<string> describe) => Clock.UntilAsync(condition, describe);

    private Task<EscalationView> UntilAsync(IEscalationGrain escalation, Func<EscalationView, bool> condition) => Clock.UntilAsync(escalation, condition);

    private Task UntilNotifiedAsync(string ticket, string type) =>
        UntilAsync(() => cluster.Notifications.Sent.Any(n => n.Subject == ticket && n.Type == type));

    private Task UntilBreachedAsync(ITicketGrain ticket) =>
        UntilAsync(async () => (await ticket.GetAsync())!.Metrics.Single(m => m.Metric == "first_reply").State == "breached", () => "not breached");
}

/// <summary>The escalation tests get a silo of their own: they replace the configuration and move the clock.</summary>
[CollectionDefinition(Name)]
public sealed class EscalationCollection : ICollectionFixture<TicketCluster>
{
    public const string Name = "escalation cluster";
}

using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>The cluster of the escalation day: its clock starts on 2026-05-05 at midnight UTC.</summary>
public sealed class NoticeRecoveryCluster() : DigestCluster(new DateTimeOffset(2026, 5, 5, 0, 0, 0, TimeSpan.Zero));

/// <summary>
/// Real escalation and task grains follow a runbook on a fake clock while every escalation and task fact (and one
/// breach) is lost on its way to the digests. A recount brings exactly those facts back from the tickets' audit
/// chains: the same ids, each for the team and local day the bus gave it, the breach at the priority it was emitted
/// at though the ticket's priority changed since.
/// </summary>
public sealed class DigestNoticeRecoveryTests(NoticeRecoveryCluster cluster) : IClassFixture<NoticeRecoveryCluster>
{
    private const string Ny = "esc-ny";
    private const string Tokyo = "esc-tokyo";

    /// <summary>Level 1 at risk to the assignee; level 2 on the breach to the team lead, with a task; 15 minutes to acknowledge.</summary>
    private const string Runbook = """
        { "levels": [
          { "trigger": "at_risk", "owner": "assignee", "actions": ["notify"], "ackWithin": "PT15M" },
          { "trigger": "breached", "owner": "team_lead", "actions": ["notify", "create_task"], "ackWithin": "PT15M" }
        ] }
        """;

    private const string Policies = """
        [{"id": "escalating", "runbook": "digest-notices", "targets": {
            "high": {"first_reply": {"target": "PT1H", "calendar": "24x7"}},
            "low": {"first_reply": {"target": "P1D", "calendar": "24x7"}}},
          "atRisk": {"first_reply": {"percent": 50}}}]
        """;

    private static DateTimeOffset Utc(int hour, int minute = 0) => new(2026, 5, 5, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_recount_brings_back_exactly_the_lost_escalation_and_task_facts_for_their_team_and_day()
    {
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Ny, """{"zone": "America/New_York", "digestHour": 8, "members": ["ann"], "lead": "lena"}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Tokyo, """{"zone": "Asia/Tokyo", "digestHour": 8, "members": ["kenji"], "lead": "yuki"}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Runbook, "digest-notices", Runbook);
        await cluster.ConfigureAsync(ConfigurationPartKind.Policies, null, Policies);
        var run = Guid.NewGuid().ToString("N")[..6];
        var a = $"a:{run}";
        var b = $"b:{run}";
        var script = new TicketScript(cluster.Client);
        cluster.Ledger.Lose = f => f.FactId.StartsWith(DigestFacts.NoticePrefix, StringComparison.Ordinal) || f.FactId == $"{b}/first_reply/breached";
        var escalationA = Escalation(a);
        var escalationB = Escalation(b);

        // a, New York's (UTC-4): at risk 08:30 local, acknowledged; moved to Tokyo before its breach at 09:00, so the
        // escalation stays New York's while the task it opens is Tokyo's (22:00 there); level 2 times out at 09:15.
        await cluster.AdvanceToAsync(Utc(12));
        await script.CreatedAsync(a, Utc(12), "high", Ny, "ann");
        await StepAsync(Utc(12, 30), escalationA, e => e.Level == 1);
        await StepAsync(Utc(12, 40), escalationA, e => e.Acknowledged, () => escalationA.AcknowledgeAsync("ann", "test"));
        await cluster.AdvanceToAsync(Utc(12, 50));
        await script.TeamAsync(a, Utc(12, 50), Tokyo);
        await StepAsync(Utc(13), escalationA, e => e.Level == 2 && e.TaskIds.Count == 1);
        await StepAsync(Utc(13, 15), escalationA, e => e.History.Any(s => s.Step == "ack_timed_out"));
        var taskA = cluster.Client.GetGrain<IEngineeringTaskGrain>(EscalationIds.TaskOf(a, "digest-notices", 2));
        await cluster.AdvanceToAsync(Utc(13, 20));
        Assert.Equal("done", (await taskA.UpdateAsync(new TaskUpdate("done", null, "eng", null), "test"))!.Status);

        // b, Tokyo's (UTC+9): at risk 23:50 local on the 5th; the window passes at 00:05 on the 6th; breached and a
        // task at 00:20; level 2 times out at 00:35. Then its priority drops to low.
        await cluster.AdvanceToAsync(Utc(14, 20));
        await script.CreatedAsync(b, Utc(14, 20), "high", Tokyo, "kenji");
        await StepAsync(Utc(14, 50), escalationB, e => e.Level == 1);
        await StepAsync(Utc(15, 5), escalationB, e => e.History.Any(s => s.Step == "ack_timed_out"));
        await StepAsync(Utc(15, 20), escalationB, e => e.Level == 2 && e.TaskIds.Count == 1);
        await StepAsync(Utc(15, 35), escalationB, e => e.History.Count(s => s.Step == "ack_timed_out") == 2);
        await cluster.AdvanceToAsync(Utc(15, 40));
        await script.PriorityAsync(b, Utc(15, 40), "low");

        var digests = new[] { (Ny, "2026-05-05"), (Tokyo, "2026-05-05"), (Tokyo, "2026-05-06") };
        await Eventually.TrueAsync(
            () => cluster.Ledger.Dropped.Select(f => f.FactId).Distinct().Count() == 12,
            TimeSpan.FromSeconds(30),
            "12 facts dropped",
            () => $"dropped {string.Join(", ", cluster.Ledger.Dropped.Select(f => f.FactId).Distinct())}",
            TimeSpan.FromMilliseconds(50));
        foreach (var (team, date) in digests)
        {
            var report = await Digest(team, date).GetAsync();
            Assert.Equal((new DigestEscalations(0, 0, 0), new DigestTasks(0, 0)), (report.Escalations, report.Tasks));
        }

        cluster.Ledger.Lose = null;
        var ny = await DigestCluster.RecountAsync(Digest(Ny, "2026-05-05"));
        var tokyo5 = await DigestCluster.RecountAsync(Digest(Tokyo, "2026-05-05"));
        var tokyo6 = await DigestCluster.RecountAsync(Digest(Tokyo, "2026-05-06"));

        // Counted by hand: a's two raises, its acknowledgement and level 2's timeout are New York's on the 5th; b's
        // first raise and a's task, opened and closed, Tokyo's on the 5th; b's second raise, both timeouts, its task
        // and its breach Tokyo's on the 6th.
        Assert.Equal((4, new DigestEscalations(2, 1, 1), new DigestTasks(0, 0)), (ny.Reconcile!.FactsRecovered, ny.Escalations, ny.Tasks));
        Assert.Equal((3, new DigestEscalations(1, 0, 0), new DigestTasks(1, 1)), (tokyo5.Reconcile!.FactsRecovered, tokyo5.Escalations, tokyo5.Tasks));
        Assert.Equal((5, new DigestEscalations(1, 0, 2), new DigestTasks(1, 0)), (tokyo6.Reconcile!.FactsRecovered, tokyo6.Escalations, tokyo6.Tasks));
        Assert.Equal([a], Timeouts(ny));
        Assert.Equal([b, b], Timeouts(tokyo6));
        Assert.Equal([(b, "first_reply", "high")], tokyo6.Breaches.Tickets.Select(t => (t.TicketKey, t.Metric!, t.Priority!)));

        // Exactly the facts the bus carried: same ids, kinds, teams, days, instants, metrics and priorities.
        var recovered = new List<DigestFact>();
        foreach (var (team, date) in digests)
        {
            recovered.AddRange(await cluster.Ledger.ReadFactsAsync(team, date));
        }

        var carried = cluster.Ledger.Dropped.DistinctBy(f => f.FactId).OrderBy(f => f.FactId, StringComparer.Ordinal).ToArray();
        Assert.Equal(carried, recovered.Where(f => carried.Any(c => c.FactId == f.FactId)).OrderBy(f => f.FactId, StringComparer.Ordinal));
        Assert.Equal(12, carried.Length);
    }

    private IEscalationGrain Escalation(string ticket) =>
        cluster.Client.GetGrain<IEscalationGrain>(EscalationIds.Of(ticket, "first_reply", "digest-notices"));

    private IDigestAggregatorGrain Digest(string team, string date) => cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(team, date));

    private static string[] Timeouts(DigestReport report) =>
        report.Exceptions.Single(e => e.Kind == DigestExceptionKinds.AcknowledgementTimeouts).Tickets.Select(t => t.TicketKey).ToArray();

    /// <summary>
    /// Moves the clock to <paramref name="at"/>, does <paramref name="act"/>, and waits until the escalation shows
    /// <paramref name="done"/>, so each step happens at exactly that instant.
    /// </summary>
    private async Task StepAsync(DateTimeOffset at, IEscalationGrain escalation, Func<EscalationView, bool> done, Func<Task>? act = null)
    {
        await cluster.AdvanceToAsync(at);
        if (act is not null)
        {
            await act();
        }

        await Eventually.ValueAsync(
            escalation.GetAsync, view => view is not null && done(view), TimeSpan.FromSeconds(30), $"the escalation step due at {at:O}",
            pace: TimeSpan.FromMilliseconds(50));
    }
}

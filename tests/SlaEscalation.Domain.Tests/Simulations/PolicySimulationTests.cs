using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Simulations;
using static SlaEscalation.Domain.Tests.Simulations.SimulationScript;

namespace SlaEscalation.Domain.Tests.Simulations;

public sealed class PolicySimulationTests
{
    public static TheoryData<string, string, string, string, int> Cases => new()
    {
        // configuration, ticket, breached clocks, levels raised ({clock}:{level}), tasks opened
        // In force: A misses its first reply over the weekend and its resolution after the reopen; C misses its first
        // reply over the weekend; B and D reply after going at risk, in time.
        { "current", "t:a", "first_reply,resolution", "first_reply:1,first_reply:2,resolution:1,resolution:2,resolution:3", 1 },
        { "current", "t:b", "", "first_reply:1", 0 },
        { "current", "t:c", "first_reply", "first_reply:1,first_reply:2,first_reply:3", 1 },
        { "current", "t:d", "", "first_reply:1", 0 },

        // 30 minutes: B's 40-minute reply is late too; A's first reply now breaches on Friday, an hour before its
        // level 3 (two days before the reply).
        { "tightened", "t:a", "first_reply,resolution", "first_reply:1,first_reply:2,first_reply:3,resolution:1,resolution:2,resolution:3", 1 },
        { "tightened", "t:b", "first_reply", "first_reply:1,first_reply:2", 1 },
        { "tightened", "t:c", "first_reply", "first_reply:1,first_reply:2,first_reply:3", 1 },
        { "tightened", "t:d", "", "first_reply:1", 0 },

        // 2 hours: A replies at Monday 10:00 EST before its 10:30 deadline, C at its deadline instant (on time);
        // B replies before going at risk (09:30 CET), D (8 hours) before 13:00 EST.
        { "loosened", "t:a", "resolution", "first_reply:1,resolution:1,resolution:2,resolution:3", 1 },
        { "loosened", "t:b", "", "", 0 },
        { "loosened", "t:c", "", "first_reply:1", 0 },
        { "loosened", "t:d", "", "", 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_replay_finds_the_breaches_escalations_and_tasks_written_by_hand(string configuration, string ticket, string breached, string escalations, int tasks)
    {
        var outcome = OutcomeSummary.Of(PolicySimulation.Replay(ConfigurationOf(configuration), ticket, Histories[ticket], Horizon));

        Assert.Equal(List(breached), outcome.Breached.Order(StringComparer.Ordinal));
        Assert.Equal(List(escalations), outcome.Escalations.Order(StringComparer.Ordinal));
        Assert.Equal(tasks, outcome.Tasks);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_live_engine_driven_wake_up_by_wake_up_records_the_same(string configuration, string ticket, string breached, string escalations, int tasks)
    {
        var (liveBreached, liveEscalations, liveTasks) = LiveRun.Of(ConfigurationOf(configuration), Histories[ticket], Horizon);

        Assert.Equal(List(breached), liveBreached);
        Assert.Equal(List(escalations), liveEscalations.Order(StringComparer.Ordinal));
        Assert.Equal(tasks, liveTasks);
    }

    [Fact]
    public void The_teams_follow_routing_and_the_priorities_the_tickets()
    {
        var outcomes = Histories.ToDictionary(t => t.Key, t => PolicySimulation.Replay(Current, t.Key, t.Value, Horizon));

        Assert.Equal(["support-us/us/urgent", "support-eu/eu/urgent", "support-eu/eu/urgent", "support-us/us/high"], outcomes.Values.Select(o => $"{o.Team}/{o.PolicyId}/{o.Priority}"));
    }

    [Fact]
    public void A_ticket_replayed_before_its_creation_counts_nothing()
    {
        var outcome = PolicySimulation.Replay(Current, "t:d", Histories["t:d"], Builders.TicketHistoryBuilder.At("2026-11-01T00:00:00Z"));

        Assert.Same(TicketOutcome.None, outcome);
    }

    private static SlaConfiguration ConfigurationOf(string name) => name switch
    {
        "current" => Current,
        "tightened" => Tightened,
        _ => Loosened,
    };

    private static string[] List(string csv) => csv.Length == 0 ? [] : csv.Split(',');
}

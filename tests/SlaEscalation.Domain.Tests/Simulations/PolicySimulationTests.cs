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
        var outcome = PolicySimulation.Replay(ConfigurationOf(configuration), ticket, Histories[ticket], Horizon);

        AssertOutcome(breached, escalations, tasks, outcome);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_live_engine_driven_wake_up_by_wake_up_records_the_same(string configuration, string ticket, string breached, string escalations, int tasks)
    {
        var live = LiveRun.Of(ConfigurationOf(configuration), Histories[ticket], Horizon);

        AssertLive(breached, escalations, tasks, live);
    }

    public static TheoryData<string, string, string, string, int> InterventionCases => new()
    {
        // configuration, ticket, breached clocks, levels raised, tasks opened; with the recorded interventions.
        // C's level 2 acknowledged: its level 3 (unacknowledged for an hour) is not raised, on either side that
        // raised level 2; A's resolution escalation resolved by hand after its level 2: no level 3.
        { "current", "t:a", "first_reply,resolution", "first_reply:1,first_reply:2,resolution:1,resolution:2", 1 },
        { "current", "t:b", "", "first_reply:1", 0 },
        { "current", "t:c", "first_reply", "first_reply:1,first_reply:2", 1 },
        { "current", "t:d", "", "first_reply:1", 0 },
        { "tightened", "t:a", "first_reply,resolution", "first_reply:1,first_reply:2,first_reply:3,resolution:1,resolution:2", 1 },
        { "tightened", "t:b", "first_reply", "first_reply:1,first_reply:2", 1 },
        { "tightened", "t:c", "first_reply", "first_reply:1,first_reply:2", 1 },
        { "tightened", "t:d", "", "first_reply:1", 0 },

        // Loosened, C's acknowledgement reaches its level 1 and changes nothing counted.
        { "loosened", "t:a", "resolution", "first_reply:1,resolution:1,resolution:2", 1 },
        { "loosened", "t:b", "", "", 0 },
        { "loosened", "t:c", "", "first_reply:1", 0 },
        { "loosened", "t:d", "", "", 0 },
    };

    [Theory]
    [MemberData(nameof(InterventionCases))]
    public void Recorded_acknowledgements_and_resolutions_stop_the_escalations_where_they_stopped(string configuration, string ticket, string breached, string escalations, int tasks)
    {
        var timeline = ConfigurationTimeline.Always(ConfigurationOf(configuration));
        var outcome = PolicySimulation.Replay(timeline, ticket, Histories[ticket], Interventions[ticket], Horizon);

        AssertOutcome(breached, escalations, tasks, outcome);
    }

    [Theory]
    [MemberData(nameof(InterventionCases))]
    public void The_live_engine_with_the_interventions_records_the_same(string configuration, string ticket, string breached, string escalations, int tasks)
    {
        var live = LiveRun.Of([new(NodaTime.Instant.MinValue, ConfigurationOf(configuration))], Histories[ticket], Interventions[ticket], Horizon);

        AssertLive(breached, escalations, tasks, live);
    }

    public static TheoryData<string, string, string, int> ChangedCases => new()
    {
        // ticket, breached clocks, levels raised, tasks opened; under the configuration as it changed.
        // A breached its first reply at 14:30 under the first version; the loosened one, in force from 14:45, would
        // have had it on time, but a breach that happened stays (loosened alone: only the resolution breaches).
        { "t:a", "first_reply,resolution", "first_reply:1,first_reply:2,resolution:1,resolution:2,resolution:3", 1 },

        // B and C lived under the first version only: as "current"; D under the loosened one only: as "loosened".
        { "t:b", "", "first_reply:1", 0 },
        { "t:c", "first_reply", "first_reply:1,first_reply:2,first_reply:3", 1 },
        { "t:d", "", "", 0 },
    };

    [Theory]
    [MemberData(nameof(ChangedCases))]
    public void Each_instant_is_judged_under_the_version_in_force_then(string ticket, string breached, string escalations, int tasks)
    {
        var outcome = PolicySimulation.Replay(new ConfigurationTimeline(Changed), ticket, Histories[ticket], [], Horizon);

        AssertOutcome(breached, escalations, tasks, outcome);
    }

    [Theory]
    [MemberData(nameof(ChangedCases))]
    public void The_live_engine_through_the_configuration_change_records_the_same(string ticket, string breached, string escalations, int tasks)
    {
        var live = LiveRun.Of(Changed, Histories[ticket], [], Horizon);

        AssertLive(breached, escalations, tasks, live);
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

    private static void AssertOutcome(string breached, string escalations, int tasks, TicketOutcome replayed)
    {
        var outcome = OutcomeSummary.Of(replayed);
        Assert.Equal(List(breached), outcome.Breached.Order(StringComparer.Ordinal));
        Assert.Equal(List(escalations), outcome.Escalations.Order(StringComparer.Ordinal));
        Assert.Equal(tasks, outcome.Tasks);
    }

    private static void AssertLive(string breached, string escalations, int tasks, (string[] Breached, string[] Escalations, int Tasks) live)
    {
        Assert.Equal(List(breached), live.Breached);
        Assert.Equal(List(escalations), live.Escalations.Order(StringComparer.Ordinal));
        Assert.Equal(tasks, live.Tasks);
    }

    private static string[] List(string csv) => csv.Length == 0 ? [] : csv.Split(',');
}

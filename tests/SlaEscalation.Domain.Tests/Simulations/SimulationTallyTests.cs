using NodaTime;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Simulations;
using static SlaEscalation.Domain.Tests.Simulations.SimulationScript;

namespace SlaEscalation.Domain.Tests.Simulations;

public sealed class SimulationTallyTests
{
    [Fact]
    public void The_tightened_candidate_adds_the_eu_breach_and_its_task_side_by_side()
    {
        var row = Tally(Tightened).Rows.Single(r => r is { Team: "support-eu", Metric: "first_reply", Priority: "urgent" });

        Assert.Equal((2L, 1L, 2L, 1L, 1L), (row.Current.Clocks, row.Current.Breaches, row.Current.AtRisk, row.Current.AchievedOnTime, row.Current.Tasks));
        Assert.Equal((2L, 2L, 2L, 0L, 2L), (row.Candidate.Clocks, row.Candidate.Breaches, row.Candidate.AtRisk, row.Candidate.AchievedOnTime, row.Candidate.Tasks));
        Assert.Equal((3600L, 1800L), (row.Current.TargetSeconds!.Value, row.Candidate.TargetSeconds!.Value));
        Assert.Equal(new Dictionary<int, long> { [1] = 2, [2] = 1, [3] = 1 }, row.Current.Escalations);
        Assert.Equal(new Dictionary<int, long> { [1] = 2, [2] = 2, [3] = 1 }, row.Candidate.Escalations);
        Assert.Equal((0.5, 0.0), (row.Current.OnTimeRate!.Value, row.Candidate.OnTimeRate!.Value));
    }

    [Fact]
    public void Medians_and_p90_are_within_one_percent_of_the_business_times()
    {
        // support-eu's urgent first replies took 40 minutes (B) and 2 business hours (C: one on Friday, one on Monday).
        var row = Tally(Current).Rows.Single(r => r is { Team: "support-eu", Metric: "first_reply", Priority: "urgent" });

        Assert.InRange(row.Current.MedianSeconds!.Value, 2400 * 0.99, 2400 * 1.01);
        Assert.InRange(row.Current.P90Seconds!.Value, 7200 * 0.99, 7200 * 1.01);
    }

    [Theory]
    [InlineData("tightened", 2, "t:a,t:b")]
    [InlineData("loosened", 4, "t:a,t:b,t:c,t:d")]
    [InlineData("current", 0, "")]
    public void The_changed_tickets_are_those_whose_story_differs(string candidate, long changed, string keys)
    {
        var state = Tally(candidate switch { "tightened" => Tightened, "loosened" => Loosened, _ => Current });

        Assert.Equal(4, state.Tickets);
        Assert.Equal(changed, state.ChangedTickets);
        Assert.Equal(keys.Length == 0 ? [] : keys.Split(','), state.Changed.Select(c => c.Key));
    }

    [Fact]
    public void A_tally_resumed_from_its_state_ends_where_an_undisturbed_one_does()
    {
        var whole = new SimulationTally();
        var first = new SimulationTally();
        var index = 0;
        SimulationTally? resumed = null;
        foreach (var (key, history) in Histories)
        {
            var (current, candidate) = (PolicySimulation.Replay(Current, key, history, Horizon), PolicySimulation.Replay(Loosened, key, history, Horizon));
            whole.Add(key, current, candidate);
            (index++ < 2 ? first : resumed ??= new SimulationTally(first.ToState())).Add(key, current, candidate);
        }

        Assert.Equal(Json(whole.ToState()), Json(resumed!.ToState()));
    }

    [Fact]
    public void The_changed_list_stops_at_five_hundred_and_the_count_goes_on()
    {
        var tally = new SimulationTally();
        var (key, history) = Histories.First();
        var (current, candidate) = (PolicySimulation.Replay(Current, key, history, Horizon), PolicySimulation.Replay(Loosened, key, history, Horizon));
        for (var i = 0; i < 501; i++)
        {
            tally.Add($"t:{i}", current, candidate);
        }

        Assert.Equal((501L, 500, "t:499"), (tally.ToState().ChangedTickets, tally.ToState().Changed.Count, tally.ToState().Changed[^1].Key));
    }

    [Theory]
    [InlineData(0.4, 0)]
    [InlineData(1, 1)]
    [InlineData(60, 60)]
    [InlineData(1800, 1800)]
    [InlineData(86400, 86400)]
    public void A_sketched_duration_comes_back_within_one_percent(double seconds, double expected)
    {
        var buckets = new Dictionary<int, long> { [ElapsedSketch.BucketOf(Duration.FromSeconds(seconds))] = 1 };

        Assert.InRange(ElapsedSketch.Quantile(buckets, 0.5)!.Value.TotalSeconds, expected * 0.99, expected * 1.01);
    }

    private static SimulationTallyState Tally(SlaConfiguration candidate)
    {
        var tally = new SimulationTally();
        foreach (var (key, history) in Histories)
        {
            tally.Add(key, PolicySimulation.Replay(Current, key, history, Horizon), PolicySimulation.Replay(candidate, key, history, Horizon));
        }

        return tally.ToState();
    }

    private static string Json(SimulationTallyState state) => System.Text.Json.JsonSerializer.Serialize(state);
}

using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

public sealed class RunbookEndTests
{
    private static readonly EscalationRunbook TwoLevels = Runbook(
        "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 1",
        "trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT15M");

    [Theory]
    // resolution  by            detail  step
    [InlineData("achieved", "escalation", "t-9", "10:05 resolved L1 user:ana (achieved: t-9)")]
    [InlineData("resolved", "lea", null, "10:05 resolved L1 user:ana (resolved)")]
    [InlineData("resolved", "lea", "fixed upstream", "10:05 resolved L1 user:ana (resolved: fixed upstream)")]
    public void Ending_a_raised_escalation_records_why(string resolution, string by, string? detail, string expected)
    {
        var (_, raised) = Follow(Metric("10:00"), TwoLevels, "10:00", "10:00");

        var (ended, step) = raised.End(resolution, by, detail, At("10:05"));

        Assert.Equal(expected, Line(step!));
        Assert.Equal((by, At("10:05"), resolution, false), (step!.Actor, ended.ResolvedAt, ended.Resolution, ended.IsOpen));
    }

    [Fact]
    public void An_escalation_never_raised_just_stops()
    {
        var (ended, step) = Metric("10:00").End("achieved", "escalation", "t-1", At("09:59"));

        Assert.Null(step);
        Assert.Equal(("achieved", 0), (ended.Resolution, ended.CurrentLevel));
        Assert.Empty(Step(ended, TwoLevels, "12:00").Steps);
    }

    [Fact]
    public void An_ended_escalation_takes_no_more_steps_and_has_nothing_due()
    {
        var (_, raised) = Follow(Metric("10:00"), TwoLevels, "10:00", "10:00");
        var ended = raised.End("achieved", "escalation", null, At("10:05")).Progress;

        var decision = Step(ended.Breached(At("10:30")), TwoLevels, "12:00");

        Assert.Empty(decision.Steps);
        Assert.Null(decision.NextDue);
        Assert.Null(ended.End("resolved", "lea", null, At("10:06")).Step);
    }

    [Fact]
    public void A_ticket_already_solved_when_the_next_level_comes_ends_the_escalation_instead()
    {
        var (_, raised) = Follow(Metric("10:00"), TwoLevels, "10:00", "10:00");
        var solved = Ticket with { IsSolved = true };

        var decision = Step(raised.Breached(At("10:05")), TwoLevels, "10:05", solved);

        Assert.Equal("10:05 resolved L1 user:ana (solved)", Lines(decision.Steps));
        Assert.Equal(("solved", 1), (decision.Progress.Resolution, decision.Progress.CurrentLevel));
        Assert.Null(decision.NextDue);
    }

    [Fact]
    public void A_ticket_already_solved_when_the_first_level_comes_raises_nothing()
    {
        var decision = Step(Metric("10:00"), TwoLevels, "10:00", Ticket with { IsSolved = true });

        Assert.Empty(decision.Steps);
        Assert.Equal(("solved", 0), (decision.Progress.Resolution, decision.Progress.CurrentLevel));
    }

    [Fact]
    public void A_metric_already_achieved_when_the_next_level_comes_ends_the_escalation_instead()
    {
        var (_, raised) = Follow(Metric("10:00"), TwoLevels, "10:00", "10:00");

        var decision = Step(raised.Breached(At("10:05")), TwoLevels, "10:05", Ticket with { IsAchieved = true });

        Assert.Equal("10:05 resolved L1 user:ana (achieved)", Lines(decision.Steps));
        Assert.Equal(("achieved", 1), (decision.Progress.Resolution, decision.Progress.CurrentLevel));
        Assert.Null(decision.NextDue);
    }

    [Fact]
    public void A_breach_learned_after_its_metric_was_achieved_raises_no_level()
    {
        // A catch-up brings a ticket whose first reply came two hours late: the breach is counted, nobody is paged.
        var decision = Step(Metric("08:00").Breached(At("09:00")), TwoLevels, "12:00", Ticket with { IsAchieved = true });

        Assert.Empty(decision.Steps);
        Assert.Equal(("achieved", 0), (decision.Progress.Resolution, decision.Progress.CurrentLevel));
        Assert.Null(decision.NextDue);
    }
}

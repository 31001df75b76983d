using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

public sealed class RunbookTriggerTests
{
    [Theory]
    // trigger              at risk  breached  stepped at  steps taken
    [InlineData("at_risk", "10:00", null, "10:00", "10:00 raised L1 user:ana (at_risk: notify)")]
    [InlineData("at_risk", "10:00", null, "09:59", "")]
    [InlineData("at_risk", null, "10:05", "10:05", "10:05 raised L1 user:ana (at_risk: notify)")] // a breach is past the risk too
    [InlineData("breached", "10:00", null, "12:00", "")]
    [InlineData("breached", "10:00", "10:30", "10:30", "10:30 raised L1 user:ana (breached: notify)")]
    [InlineData("breached_for PT10M", null, "10:00", "10:09", "")]
    [InlineData("breached_for PT10M", null, "10:00", "10:10", "10:10 raised L1 user:ana (breached_for PT10M: notify)")]
    [InlineData("breached_for PT1H30M", "09:00", "10:00", "11:30", "11:30 raised L1 user:ana (breached_for PT1H30M: notify)")]
    public void A_level_is_raised_once_its_trigger_holds(string trigger, string? atRisk, string? breached, string now, string expected)
    {
        var runbook = Runbook($"trigger: {trigger}, owner: assignee, actions: [notify], ackWithin: PT15M");

        var decision = Step(Metric(atRisk, breached), runbook, now);

        Assert.Equal(expected, Lines(decision.Steps));
    }

    [Theory]
    // trigger              at risk  breached  next due
    [InlineData("at_risk", null, null, "none")]
    [InlineData("at_risk", "10:00", null, "10:00")]
    [InlineData("breached", "10:00", null, "none")]
    [InlineData("breached", "10:00", "10:30", "10:30")]
    [InlineData("breached_for PT10M", "09:00", null, "none")]
    [InlineData("breached_for PT10M", null, "10:00", "10:10")]
    public void An_escalation_not_yet_raised_is_next_due_when_its_first_trigger_holds(string trigger, string? atRisk, string? breached, string expected)
    {
        var runbook = Runbook($"trigger: {trigger}, owner: assignee, actions: [notify], ackWithin: PT15M");

        Assert.Equal(expected, Time(RunbookProgress.NextDue(Metric(atRisk, breached), runbook)));
    }

    [Fact]
    public void A_level_stepped_late_counts_its_window_from_its_trigger_not_from_the_late_step()
    {
        var runbook = Runbook("trigger: breached, owner: assignee, actions: [notify], ackWithin: PT15M");

        var decision = Step(Metric(null, "10:00"), runbook, "10:07");

        Assert.Equal("10:07 raised L1 user:ana (breached: notify)", Lines(decision.Steps));
        Assert.Equal(At("10:00"), decision.Progress.LevelRaisedAt);
        Assert.Equal("10:15", Time(decision.NextDue));
    }

    [Fact]
    public void Unacknowledged_for_raises_the_next_level_that_long_after_the_level_before()
    {
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M",
            "trigger: unacknowledged_for PT30M, owner: team_lead, actions: [notify], ackWithin: PT15M");

        var (steps, progress) = Follow(Metric("10:00"), runbook, "10:00", "10:40");

        Assert.Equal(
            [
                "10:00 raised L1 user:ana (at_risk: notify)",
                "10:15 ack_timed_out L1 user:ana (not acknowledged within PT15M)",
                "10:30 raised L2 user:lea (unacknowledged_for PT30M: notify)",
            ],
            steps.Select(Line));
        Assert.Equal((2, 2, At("10:30")), (progress.CurrentLevel, progress.NextLevel, progress.LevelRaisedAt));
    }

    [Fact]
    public void Levels_whose_triggers_have_all_passed_are_raised_in_order_in_one_step()
    {
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT2H",
            "trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT2H",
            "trigger: breached_for PT10M, owner: on_call:platform, actions: [notify], ackWithin: PT2H");

        var decision = Step(Metric("10:00", "10:30"), runbook, "10:45");

        Assert.Equal(
            "10:45 raised L1 user:ana (at_risk: notify) | 10:45 raised L2 user:lea (breached: notify) | 10:45 raised L3 user:omar (breached_for PT10M: notify)",
            Lines(decision.Steps));
        Assert.Equal((3, At("10:40"), At("10:45")), (decision.Progress.CurrentLevel, decision.Progress.LevelRaisedAt, decision.Progress.RaisedAt));
        Assert.Equal("12:40", Time(decision.NextDue));
    }

    [Theory]
    // at risk  stepped at  raises a level
    [InlineData(null, "12:00", false)]
    [InlineData("10:00", "09:59", false)]
    [InlineData("10:00", "10:00", true)]
    public void Raises_level_tells_whether_a_first_step_needs_the_ticket(string? atRisk, string now, bool expected)
    {
        var runbook = Runbook("trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT2H");

        Assert.Equal(expected, RunbookProgress.RaisesLevel(Metric(atRisk), runbook, At(now)));
    }

    [Theory]
    // level 1 raised at 10:00; breached  acknowledged  stepped at  raises a level
    [InlineData("10:00", "10:30", true, "10:45", true)] // level 2 stands down; level 3 (breached) is due
    [InlineData("10:00", null, true, "12:00", false)] // level 2 stands down; level 3 waits for the breach
    [InlineData("10:00", null, false, "10:10", false)]
    [InlineData("10:00", null, false, "10:29", false)] // level 2 waits until 10:30
    [InlineData("10:00", null, false, "10:30", true)]
    public void Raises_level_tells_whether_a_later_step_needs_the_ticket(string atRisk, string? breached, bool acknowledged, string now, bool expected)
    {
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT2H",
            "trigger: unacknowledged_for PT30M, owner: team_lead, actions: [notify], ackWithin: PT2H",
            "trigger: breached, owner: on_call:platform, actions: [notify], ackWithin: PT2H");
        var progress = Step(Metric(atRisk), runbook, atRisk).Progress;
        progress = acknowledged ? progress.Acknowledge("ana", At(atRisk)).Progress : progress;
        progress = breached is null ? progress : progress.Breached(At(breached));

        Assert.Equal(expected, RunbookProgress.RaisesLevel(progress, runbook, At(now)));
    }

    [Theory]
    [InlineData(false, "trigger: breached, owner: assignee, actions: [notify], ackWithin: PT15M")]
    [InlineData(false, "trigger: breached_for PT10M, owner: team_lead, actions: [notify], ackWithin: PT15M", "trigger: unacknowledged_for PT30M, owner: on_call:platform, actions: [notify], ackWithin: PT1H")]
    [InlineData(true, "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M")]
    [InlineData(true, "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M", "trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT15M")]
    public void A_runbook_watches_the_risk_only_when_a_level_is_raised_by_it(bool expected, params string[] levels) =>
        Assert.Equal(expected, Runbook(levels).WatchesRisk);

    [Theory]
    // trigger of level 1, then level 2 unacknowledged_for PT30M; breached; followed until
    [InlineData("breached", "10:30", "12:00")]
    [InlineData("breached", null, "12:00")]
    [InlineData("breached_for PT10M", "10:30", "12:00")]
    public void A_runbook_that_does_not_watch_the_risk_takes_the_same_steps_whether_or_not_it_heard_of_it(string trigger, string? breached, string until)
    {
        // Why the follower does not hand it an at-risk: knowing of the risk changes none of its steps or due times.
        var runbook = Runbook(
            $"trigger: {trigger}, owner: assignee, actions: [notify], ackWithin: PT15M",
            "trigger: unacknowledged_for PT30M, owner: team_lead, actions: [notify], ackWithin: PT15M");
        Assert.False(runbook.WatchesRisk);

        var heard = Follow(Metric("10:00", breached), runbook, "10:00", until);
        var unheard = Follow(Metric(null, breached), runbook, "10:00", until);

        Assert.Equal(heard.Steps.Select(Line), unheard.Steps.Select(Line));
        Assert.Equal(heard.Progress with { AtRiskAt = null }, unheard.Progress);
        Assert.Equal(
            Time(RunbookProgress.NextDue(heard.Progress, runbook)),
            Time(RunbookProgress.NextDue(unheard.Progress, runbook)));
    }
}

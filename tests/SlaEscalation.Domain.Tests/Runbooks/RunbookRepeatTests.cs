using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

/// <summary>Level 1 is raised at 10:00 (at risk) and nobody acknowledges it.</summary>
public sealed class RunbookRepeatTests
{
    [Theory]
    // level's window and repeats                         steps after the raise, up to noon
    [InlineData("ackWithin: PT15M, repeats: 2, repeatEvery: PT10M", "10:15 ack_timed_out | 10:25 notified (repeat 1 of 2) | 10:35 notified (repeat 2 of 2)")]
    [InlineData("ackWithin: PT15M, repeats: 2", "10:15 ack_timed_out | 10:30 notified (repeat 1 of 2) | 10:45 notified (repeat 2 of 2)")] // repeatEvery defaults to ackWithin
    [InlineData("ackWithin: PT15M, repeats: 0", "10:15 ack_timed_out")]
    [InlineData("ackWithin: PT15M", "10:15 ack_timed_out")] // repeats default to none
    [InlineData("ackWithin: PT1H, repeats: 1, repeatEvery: PT5M", "11:00 ack_timed_out | 11:05 notified (repeat 1 of 1)")]
    [InlineData("ackWithin: PT30M, repeats: 3, repeatEvery: PT20M", "10:30 ack_timed_out | 10:50 notified (repeat 1 of 3) | 11:10 notified (repeat 2 of 3) | 11:30 notified (repeat 3 of 3)")]
    [InlineData("ackWithin: PT3H, repeats: 5", "")]
    public void An_unacknowledged_level_times_out_then_notifies_again_repeatEvery_apart(string window, string expected)
    {
        var runbook = Runbook($"trigger: at_risk, owner: assignee, actions: [notify], {window}");

        var (steps, _) = Follow(Metric("10:00"), runbook, "10:00", "12:00");

        Assert.Equal("10:00 raised", Brief(steps[0]));
        Assert.Equal(expected, string.Join(" | ", steps.Skip(1).Select(Brief)));
    }

    [Theory]
    // stepped at  next due after that step
    [InlineData("10:00", "10:15")]
    [InlineData("10:15", "10:25")]
    [InlineData("10:24", "10:25")]
    [InlineData("10:25", "10:35")]
    [InlineData("10:35", "none")]
    public void The_next_due_instant_walks_the_window_and_each_repeat(string now, string expected)
    {
        var runbook = Runbook("trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 2, repeatEvery: PT10M");
        var (_, progress) = Follow(Metric("10:00"), runbook, "10:00", now);

        Assert.Equal(expected, Time(Step(progress, runbook, now).NextDue));
    }

    [Fact]
    public void A_step_long_after_the_raise_reports_the_timeout_and_every_repeat_at_once()
    {
        var runbook = Runbook("trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 2, repeatEvery: PT10M");

        var decision = Step(Metric("10:00"), runbook, "11:00");

        Assert.Equal(
            "11:00 raised L1 user:ana (at_risk: notify) | 11:00 ack_timed_out L1 user:ana (not acknowledged within PT15M)"
            + " | 11:00 notified L1 user:ana (repeat 1 of 2) | 11:00 notified L1 user:ana (repeat 2 of 2)",
            Lines(decision.Steps));
        Assert.Equal([0, 0, 1, 2], decision.Steps.Select(s => s.Repeat));
        Assert.Equal("none", Time(decision.NextDue));
    }

    [Fact]
    public void A_step_long_after_takes_its_steps_in_the_order_they_fell_due_so_the_next_level_ends_the_repeats()
    {
        // Level 1's repeat would fall due at 11:15, level 2 came with the breach at 10:30: stepped at noon (a
        // back-dated ticket, a delivery late after a failover), level 1's window ends, level 2 is raised, and the
        // repeat level 2 ended is never sent.
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 1, repeatEvery: PT1H",
            "trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT1H");

        var decision = Step(Metric("10:00", "10:30"), runbook, "12:00");

        Assert.Equal(
            "12:00 raised L1 user:ana (at_risk: notify) | 12:00 ack_timed_out L1 user:ana (not acknowledged within PT15M)"
            + " | 12:00 raised L2 user:lea (breached: notify) | 12:00 ack_timed_out L2 user:lea (not acknowledged within PT1H)",
            Lines(decision.Steps));
        Assert.Equal((2, 0), (decision.Progress.CurrentLevel, decision.Progress.RepeatsSent));
    }

    [Fact]
    public void A_new_level_starts_its_own_window_and_repeats()
    {
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 5, repeatEvery: PT10M",
            "trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT15M, repeats: 1, repeatEvery: PT10M");
        var (_, atRisk) = Follow(Metric("10:00"), runbook, "10:00", "10:25");

        var (steps, progress) = Follow(atRisk.Breached(At("10:30")), runbook, "10:30", "12:00");

        Assert.Equal(
            "10:30 raised L2 user:lea (breached: notify) | 10:45 ack_timed_out L2 user:lea (not acknowledged within PT15M) | 10:55 notified L2 user:lea (repeat 1 of 1)",
            Lines(steps));
        Assert.Equal((2, 1, true), (progress.CurrentLevel, progress.RepeatsSent, progress.AcknowledgementTimedOut));
    }
}

using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

/// <summary>
/// Level 1 (assignee: ana) is raised at 10:00, at risk, with a 15-minute window and two repeats 10 minutes apart;
/// level 2 (team lead: lea) waits 30 minutes for its acknowledgement; level 3 (on call: omar) comes with the breach.
/// </summary>
public sealed class RunbookAcknowledgementTests
{
    private static readonly EscalationRunbook Escalating = Runbook(
        "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 2, repeatEvery: PT10M",
        "trigger: unacknowledged_for PT30M, owner: team_lead, actions: [notify], ackWithin: PT15M",
        "trigger: breached, owner: 'on_call:platform', actions: [notify], ackWithin: PT15M");

    [Theory]
    // acknowledged at  steps up to noon after the acknowledgement
    [InlineData("10:05", "")] // before the window ends: no timeout, no repeat, level 2 stands down
    [InlineData("10:20", "10:15 ack_timed_out")] // after the timeout: the repeats stop
    [InlineData("10:29", "10:15 ack_timed_out | 10:25 notified (repeat 1 of 2)")]
    [InlineData("11:00", "10:15 ack_timed_out | 10:25 notified (repeat 1 of 2) | 10:30 raised | 10:45 ack_timed_out")] // too late: level 2 came first
    public void An_acknowledgement_stops_the_repeats_and_stands_down_the_level_that_waits_on_it(string acknowledged, string expectedBefore)
    {
        var (before, progress) = Follow(Metric("10:00"), Escalating, "10:00", acknowledged);
        var (ack, step) = progress.Acknowledge("ana", At(acknowledged));

        var (after, end) = Follow(ack, Escalating, acknowledged, "12:00");

        Assert.Equal(expectedBefore, string.Join(" | ", before.Skip(1).Select(Brief)));
        Assert.Equal($"{acknowledged} acknowledged L{progress.CurrentLevel} {progress.Owner}", Line(step!));
        Assert.Empty(after);
        Assert.Equal((2, "none"), (end.NextLevel, Time(RunbookProgress.NextDue(end, Escalating))));
    }

    [Fact]
    public void An_acknowledged_escalation_still_raises_the_level_of_the_breach()
    {
        var (_, progress) = Follow(Metric("10:00"), Escalating, "10:00", "10:00");
        var acknowledged = progress.Acknowledge("ana", At("10:05")).Progress;

        var (steps, end) = Follow(acknowledged.Breached(At("11:00")), Escalating, "10:05", "11:20");

        Assert.Equal("11:00 raised L3 user:omar (breached: notify) | 11:15 ack_timed_out L3 user:omar (not acknowledged within PT15M)", Lines(steps));
        Assert.Null(end.AcknowledgedAt);
    }

    [Fact]
    public void Acknowledging_twice_changes_nothing_the_second_time()
    {
        var (_, raised) = Follow(Metric("10:00"), Escalating, "10:00", "10:00");
        var once = raised.Acknowledge("ana", At("10:05")).Progress;

        var (twice, step) = once.Acknowledge("lea", At("10:06"));

        Assert.Null(step);
        Assert.Same(once, twice);
        Assert.Equal(At("10:05"), twice.AcknowledgedAt);
    }
}

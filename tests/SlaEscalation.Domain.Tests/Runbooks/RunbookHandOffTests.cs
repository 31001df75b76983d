using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

/// <summary>Level 1 (assignee: ana) is raised at 10:00 with a 15-minute window and one repeat 10 minutes later.</summary>
public sealed class RunbookHandOffTests
{
    private static readonly EscalationRunbook OneLevel = Runbook(
        "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 1, repeatEvery: PT10M");

    [Theory]
    // handed to   at      steps up to noon
    [InlineData("user:zoe", "10:05", "10:05 handed_off L1 user:zoe (on holiday) | 10:15 ack_timed_out L1 user:zoe (not acknowledged within PT15M) | 10:25 notified L1 user:zoe (repeat 1 of 1)")]
    [InlineData("team:noc", "10:20", "10:15 ack_timed_out L1 user:ana (not acknowledged within PT15M) | 10:20 handed_off L1 team:noc (on holiday) | 10:25 notified L1 team:noc (repeat 1 of 1)")]
    [InlineData("user:zoe", "10:30", "10:15 ack_timed_out L1 user:ana (not acknowledged within PT15M) | 10:25 notified L1 user:ana (repeat 1 of 1) | 10:30 handed_off L1 user:zoe (on holiday)")]
    public void A_hand_off_changes_the_owner_and_keeps_the_level_s_schedule(string to, string at, string expected)
    {
        var (before, progress) = Follow(Metric("10:00"), OneLevel, "10:00", at);
        var (handed, step) = progress.HandOff(to, "lea", "on holiday", At(at));

        var (after, _) = Follow(handed, OneLevel, at, "12:00");

        Assert.Equal(expected, Lines([.. before.Skip(1), step!, .. after]));
    }

    [Fact]
    public void A_hand_off_asks_the_tasks_to_follow_the_new_owner()
    {
        var (_, progress) = Follow(Metric("10:00"), OneLevel, "10:00", "10:00");

        var step = progress.HandOff("user:zoe", "lea", "on holiday", At("10:05")).Step!;

        Assert.Equal((RunbookEffectKind.FollowOwner, 1), (Assert.Single(step.Effects).Kind, step.Effects[0].Level));
        Assert.Equal("lea", step.Actor);
    }

    [Fact]
    public void A_hand_off_to_the_owner_changes_nothing()
    {
        var (_, progress) = Follow(Metric("10:00"), OneLevel, "10:00", "10:00");

        var (same, step) = progress.HandOff("user:ana", "lea", "again", At("10:05"));

        Assert.Null(step);
        Assert.Same(progress, same);
    }
}

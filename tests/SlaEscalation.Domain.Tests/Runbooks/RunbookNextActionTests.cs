using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

/// <summary>
/// Level 1 (assignee: ana) is raised at 10:00, at risk, with a 15-minute window and two repeats 10 minutes apart;
/// the instants read in full, as the API shows them, on 2 March 2026.
/// </summary>
public sealed class RunbookNextActionTests
{
    private const string Day = "2026-03-02T";
    private const string Utc = ":00.0000000+00:00";

    [Theory]
    // stepped at  due    (the window, then each repeat, then the last repeat stays)
    [InlineData("10:00", "10:15")]
    [InlineData("10:15", "10:25")]
    [InlineData("10:25", "10:35")]
    [InlineData("10:50", "10:35")]
    public void Unacknowledged_the_owner_acknowledges_by_the_window_s_end_or_the_next_repeat(string now, string due)
    {
        var runbook = Runbook("trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M, repeats: 2, repeatEvery: PT10M");
        var (_, progress) = Follow(Metric("10:00"), runbook, "10:00", now);

        var next = RunbookNextAction.Of(progress, runbook.Levels, "first_reply", At(now));

        Assert.Equal(("acknowledge", At(due)), (next.Name, next.DueAt));
        Assert.Equal($"user:ana acknowledges level 1 by {Day}{due}{Utc}", next.Description);
    }

    [Fact]
    public void Unacknowledged_the_description_names_the_level_that_waits_on_it()
    {
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M",
            "trigger: unacknowledged_for PT30M, owner: team_lead, actions: [notify], ackWithin: PT15M");
        var (_, progress) = Follow(Metric("10:00"), runbook, "10:00", "10:00");

        var next = RunbookNextAction.Of(progress, runbook.Levels, "first_reply", At("10:00"));

        Assert.Equal(
            $"user:ana acknowledges level 1 by {Day}10:15{Utc}; unacknowledged, level 2 (team_lead) is raised at {Day}10:30{Utc}",
            next.Description);
    }

    [Theory]
    // metric breached  ticket's deadline  next level                  restore by  description
    [InlineData(null, "11:00", null, "11:00", "user:ana: achieve first_reply before its deadline")]
    [InlineData(null, null, null, "10:20", "user:ana: achieve first_reply before its deadline")] // acknowledged 10:05 + the 15-minute window
    [InlineData("10:40", null, null, "10:20", "user:ana: achieve first_reply (breached at 2026-03-02T10:40:00.0000000+00:00)")]
    [InlineData("10:40", null, "breached_for PT1H", "11:40", "user:ana: achieve first_reply (breached at 2026-03-02T10:40:00.0000000+00:00); level 2 (breached_for PT1H, engineering:platform) is raised at 2026-03-02T11:40:00.0000000+00:00")]
    [InlineData(null, "11:00", "breached", "11:00", "user:ana: achieve first_reply before its deadline")] // the breach is not known yet
    public void Acknowledged_the_owner_restores_the_SLA_by_the_next_level_else_the_deadline_else_one_window_on(
        string? breached, string? deadline, string? nextTrigger, string restoreBy, string description)
    {
        string[] levels = nextTrigger is null
            ? ["trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M"]
            : ["trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M", $"trigger: {nextTrigger}, owner: 'engineering:platform', actions: [create_task], ackWithin: PT1H"];
        var runbook = Runbook(levels);
        var raised = Step(Metric("10:00"), runbook, "10:00", Ticket with { Deadline = AtOrNull(deadline) }).Progress;
        var acknowledged = raised.Acknowledge("ana", At("10:05")).Progress;
        var progress = breached is null ? acknowledged : acknowledged.Breached(At(breached));

        var next = RunbookNextAction.Of(progress, runbook.Levels, "first_reply", At("10:06"));

        Assert.Equal(("restore_sla", At(restoreBy), description), (next.Name, next.DueAt, next.Description));
    }

    [Fact]
    public void Without_its_runbook_the_owner_restores_the_SLA_within_an_hour_of_the_last_change()
    {
        var runbook = Runbook("trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M");
        var (_, progress) = Follow(Metric("10:00"), runbook, "10:00", "10:00");

        var next = RunbookNextAction.Of(progress, [], "first_reply", At("10:40"));

        Assert.Equal(("restore_sla", At("11:40")), (next.Name, next.DueAt));
        Assert.Equal(TimeSpan.FromHours(1), RunbookNextAction.DefaultRestoreWithin);
    }
}

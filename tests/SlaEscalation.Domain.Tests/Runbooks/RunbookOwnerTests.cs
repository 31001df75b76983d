using SlaEscalation.Domain.Runbooks;
using static SlaEscalation.Domain.Tests.Runbooks.RunbookCases;

namespace SlaEscalation.Domain.Tests.Runbooks;

/// <summary>Teams: support (lead lea, on call sam), platform (on call omar), noc (nobody named).</summary>
public sealed class RunbookOwnerTests
{
    [Theory]
    // level's owner           ticket's team/agent  escalation owner  ticket owner a reassign sets
    [InlineData("assignee", "support", "ana", "user:ana", "support/ana")]
    [InlineData("assignee", "support", null, "team:support", "support/-")]
    [InlineData("team_lead", "support", "ana", "user:lea", "support/lea")]
    [InlineData("team_lead", "noc", "nils", "team:noc", "noc/-")]
    [InlineData("team_lead", "unknown", null, "team:unknown", "unknown/-")]
    [InlineData("on_call:platform", "support", "ana", "user:omar", "platform/omar")]
    [InlineData("on_call:noc", "support", "ana", "team:noc", "noc/-")]
    [InlineData("engineering:platform", "support", "ana", "team:platform", "platform/-")]
    [InlineData("user:zoe", "support", "ana", "user:zoe", "support/zoe")]
    public void A_raised_level_is_owned_by_a_person_or_else_a_queue(string owner, string team, string? agent, string expectedOwner, string expectedTicketOwner)
    {
        var runbook = Runbook($"trigger: at_risk, owner: '{owner}', actions: [reassign], ackWithin: PT15M");
        var ticket = Ticket with { Owner = new TicketAssignment(team, agent) };

        var decision = Step(Metric("10:00"), runbook, "10:00", ticket);

        var reassign = Assert.Single(decision.Steps.Single().Effects, e => e.Kind == RunbookEffectKind.Reassign);
        Assert.Equal(expectedOwner, decision.Progress.Owner);
        Assert.Equal(expectedTicketOwner, $"{reassign.TicketOwner!.Team}/{reassign.TicketOwner.Agent ?? "-"}");
    }

    [Theory]
    // owner                   as the runbook names it
    [InlineData("assignee", "assignee")]
    [InlineData("team_lead", "team_lead")]
    [InlineData("on_call:platform", "on_call:platform")]
    [InlineData("engineering:platform", "engineering:platform")]
    [InlineData("user:zoe", "user:zoe")]
    public void An_owner_reads_as_the_runbook_wrote_it(string owner, string expected)
    {
        var runbook = Runbook($"trigger: at_risk, owner: '{owner}', actions: [notify], ackWithin: PT15M");

        Assert.Equal(expected, runbook.Levels[0].Owner.ToString());
    }

    [Theory]
    // actions                          owner                    effects after the raise
    [InlineData("[notify]", "assignee", "FollowOwner L1")]
    [InlineData("[notify, reassign]", "team_lead", "FollowOwner L1, Reassign L1 support/lea")]
    [InlineData("[create_task]", "assignee", "FollowOwner L1, CreateTask L1 -")]
    [InlineData("[notify, reassign, create_task]", "engineering:platform", "FollowOwner L1, Reassign L1 platform/-, CreateTask L1 platform")]
    public void A_raise_asks_for_its_actions_after_telling_the_tasks_of_the_new_owner(string actions, string owner, string expected)
    {
        var runbook = Runbook($"trigger: at_risk, owner: '{owner}', actions: {actions}, ackWithin: PT15M");

        var raised = Step(Metric("10:00"), runbook, "10:00").Steps.Single();

        Assert.Equal(expected, string.Join(", ", raised.Effects.Select(e => e.Kind switch
        {
            RunbookEffectKind.Reassign => $"Reassign L{e.Level} {e.TicketOwner!.Team}/{e.TicketOwner.Agent ?? "-"}",
            RunbookEffectKind.CreateTask => $"CreateTask L{e.Level} {e.EngineeringTeam ?? "-"}",
            _ => $"{e.Kind} L{e.Level}",
        })));
    }

    [Fact]
    public void The_first_raise_takes_the_ticket_s_team_and_keeps_it_through_later_levels()
    {
        var runbook = Runbook(
            "trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT2H",
            "trigger: breached, owner: on_call:platform, actions: [reassign], ackWithin: PT2H");

        var first = Step(Metric("10:00"), runbook, "10:00").Progress;
        var second = Step(first.Breached(At("10:30")), runbook, "10:30", Ticket with { Owner = new TicketAssignment("platform", "omar") }).Progress;

        Assert.Equal(("support", "user:ana"), (first.Team, first.Owner));
        Assert.Equal(("support", "user:omar"), (second.Team, second.Owner));
    }

    [Fact]
    public void A_raise_takes_the_metric_s_deadline_from_the_ticket_when_it_has_one()
    {
        var runbook = Runbook("trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M");

        var withDeadline = Step(Metric("10:00"), runbook, "10:00", Ticket with { Deadline = At("11:00") }).Progress;
        var without = Step(Metric("10:00"), runbook, "10:00").Progress;

        Assert.Equal(At("11:00"), withDeadline.Deadline);
        Assert.Null(without.Deadline);
    }
}

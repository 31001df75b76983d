using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Tickets.TicketClocks;

namespace SlaEscalation.Domain.Tests.Tickets;

public sealed class TicketOwnershipTests
{
    private static readonly Domain.Configuration.SlaConfiguration Config = TestConfigurations.FromYaml("""
        teams:
          eu: { zone: Europe/Berlin, members: [dieter, eva], assignment: fewest_open }
          us: { zone: America/New_York, members: [alice, bob], assignment: round_robin }
        routing:
          - { id: german, when: { tags: { any: [lang-de] } }, team: eu, assignAgent: true }
          - { id: vip, when: { tags: { any: [vip] } }, team: us }
        """);

    [Theory]
    //          situation                                      tag        helpdesk team/agent  solved  rotation -> team        agent    ask    release
    [InlineData("a rule routes and asks for an agent",       "lang-de", null,      null,      false,  null,       "eu",       null,    true,  null)]
    [InlineData("a rule routes without an agent",            "vip",     null,      null,      false,  null,       "us",       null,    false, null)]
    [InlineData("a rule wins over the helpdesk's team",      "vip",     "eu",      null,      false,  null,       "us",       null,    false, null)]
    [InlineData("the helpdesk's assignee is kept",           "lang-de", null,      "zoe",     false,  null,       "eu",       "zoe",   false, null)]
    [InlineData("a configured helpdesk team asks",           null,      "us",      null,      false,  null,       "us",       null,    true,  null)]
    [InlineData("an unknown helpdesk team does not ask",     null,      "billing", null,      false,  null,       "billing",  null,    false, null)]
    [InlineData("nothing claims it: unrouted",               null,      null,      null,      false,  null,       "unrouted", null,    false, null)]
    [InlineData("a held slot in the same team is kept",      "lang-de", null,      null,      false,  "eu",       "eu",       null,    true,  null)]
    [InlineData("a held slot is freed when routed away",     "vip",     null,      null,      false,  "eu",       "us",       null,    false, "eu")]
    [InlineData("a held slot is freed when the helpdesk assigns", "lang-de", null, "zoe",     false,  "eu",       "eu",       "zoe",   false, "eu")]
    [InlineData("a held slot is freed when solved",          "lang-de", null,      null,      true,   "eu",       "eu",       null,    false, "eu")]
    public void Routing_decides_the_team_and_whether_a_rotation_picks_the_agent(
        string situation, string? tag, string? helpdeskTeam, string? helpdeskAgent, bool solved, string? rotationTeam,
        string team, string? agent, bool askRotation, string? release)
    {
        var ticket = Ticket(solved ? TicketStatus.Solved : TicketStatus.Open) with
        {
            Tags = tag is null ? [] : [tag],
            Team = helpdeskTeam,
            Assignee = helpdeskAgent,
        };

        var decision = TicketOwnership.Decide(Config, ticket, [], reassignedAt: null, rotationTeam);

        Assert.True(
            new OwnershipDecision(team, agent, askRotation, release, ReassignmentHolds: false) == decision,
            $"{situation}: {decision}");
    }

    [Theory]
    //          situation                                      helpdesk event  sets       solved -> holds  ask
    [InlineData("no helpdesk move since",                    null,           null,      false,    true,  false)]
    [InlineData("an agent's reply after moves nothing",      "10:30",        "comment", false,    true,  false)]
    [InlineData("the helpdesk moved the team before",        "09:30",        "team",    false,    true,  false)]
    [InlineData("a move at the very instant is not after",   "10:00",        "team",    false,    true,  false)]
    [InlineData("the helpdesk moved the team after",         "10:30",        "team",    false,    false, true)]
    [InlineData("the helpdesk assigned an agent after",      "10:30",        "agent",   false,    false, false)]
    [InlineData("the ticket was solved",                     null,           null,      true,     false, false)]
    public void An_escalations_reassignment_holds_until_the_helpdesk_moves_the_ticket_or_it_is_solved(
        string situation, string? eventAt, string? sets, bool solved, bool holds, bool askRotation)
    {
        var history = new TicketHistoryBuilder().Created("2026-03-02T09:00:00Z");
        var ticket = Ticket(solved ? TicketStatus.Solved : TicketStatus.Open) with { Tags = ["lang-de"] };
        if (sets == "comment")
        {
            history.AgentReply($"2026-03-02T{eventAt}:00Z");
        }
        else if (sets is not null)
        {
            var move = new TicketChanges { Team = sets == "team" ? "us" : null, Assignee = sets == "agent" ? "bob" : null };
            history.Add($"2026-03-02T{eventAt}:00Z", TicketEventType.Updated, move);
            ticket = ticket.Apply(move);
        }

        var decision = TicketOwnership.Decide(Config, ticket, history.Events, reassignedAt: At("10:00"), rotationTeam: null);

        // While a reassignment holds, no rotation picks an agent the escalation did not choose.
        Assert.True((holds, askRotation) == (decision!.ReassignmentHolds, decision.AskRotation), $"{situation}: {decision}");
    }

    [Fact]
    public void A_held_reassignment_frees_the_rotation_slot_the_ticket_had()
    {
        var ticket = Ticket() with { Tags = ["lang-de"] };

        var decision = TicketOwnership.Decide(Config, ticket, [], reassignedAt: At("10:00"), rotationTeam: "eu");

        Assert.Equal(new OwnershipDecision("eu", null, AskRotation: false, ReleaseRotationOf: "eu", ReassignmentHolds: true), decision);
    }

    [Fact]
    public void A_ticket_not_yet_created_has_no_owner_to_decide()
    {
        var ticket = TicketSnapshot.Unknown with { Tags = ["lang-de"] };

        Assert.Null(TicketOwnership.Decide(Config, ticket, [], reassignedAt: At("10:00"), rotationTeam: "eu"));
    }

    [Theory]
    [InlineData(TicketStatus.New, true)]
    [InlineData(TicketStatus.Open, true)]
    [InlineData(TicketStatus.Pending, true)]
    [InlineData(TicketStatus.OnHold, true)]
    [InlineData(TicketStatus.Solved, false)]
    [InlineData(TicketStatus.Closed, false)]
    public void Only_an_unsolved_ticket_accepts_a_reassignment(TicketStatus status, bool accepts)
    {
        Assert.Equal(accepts, TicketOwnership.AcceptsReassignment(Ticket(status)));
    }
}

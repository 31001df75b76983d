using NodaTime;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Routing;

public sealed class RouterTests
{
    private static readonly Domain.Configuration.SlaConfiguration Config = TestConfigurations.FromYaml("""
        teams:
          eu: { zone: Europe/Berlin, members: [dieter, eva], assignment: fewest_open }
          us: { zone: America/New_York, members: [alice, bob, carol], assignment: round_robin }
        routing:
          - { id: german, when: { tags: { any: [lang-de] } }, team: eu, assignAgent: true }
          - { id: rest, team: us }
        """);

    private static TeamDefinition Team(AssignmentStrategy strategy, params string[] members) =>
        new("t", members, null, null, DateTimeZone.Utc, 8, Duration.FromHours(1), strategy);

    [Fact]
    public void First_matching_rule_chooses_the_team()
    {
        var german = TicketSnapshot.Unknown with { Tags = ["lang-de"] };

        Assert.Equal(new RoutingDecision("german", "eu", true), Router.Route(Config, german));
        Assert.Equal(new RoutingDecision("rest", "us", false), Router.Route(Config, TicketSnapshot.Unknown));
    }

    [Fact]
    public void Round_robin_takes_the_member_at_the_cursor_and_advances_it()
    {
        var team = Team(AssignmentStrategy.RoundRobin, "alice", "bob", "carol");

        Assert.Equal(new AgentChoice("carol", 0), Router.ChooseAgent(team, new Dictionary<string, int>(), 2));
        Assert.Equal(new AgentChoice("bob", 2), Router.ChooseAgent(team, new Dictionary<string, int>(), 4));
    }

    [Fact]
    public void Fewest_open_takes_the_least_loaded_member_and_the_earlier_on_a_tie()
    {
        var team = Team(AssignmentStrategy.FewestOpen, "alice", "bob", "carol");

        Assert.Equal("bob", Router.ChooseAgent(team, new Dictionary<string, int> { ["alice"] = 3, ["bob"] = 1, ["carol"] = 1 }, 0).Agent);
        Assert.Equal("carol", Router.ChooseAgent(team, new Dictionary<string, int> { ["alice"] = 3, ["bob"] = 2 }, 0).Agent);
    }

    [Fact]
    public void No_strategy_or_no_members_leaves_the_ticket_in_the_queue()
    {
        Assert.Null(Router.ChooseAgent(Team(AssignmentStrategy.None, "alice"), new Dictionary<string, int>(), 0).Agent);
        Assert.Null(Router.ChooseAgent(Team(AssignmentStrategy.RoundRobin), new Dictionary<string, int>(), 0).Agent);
    }
}

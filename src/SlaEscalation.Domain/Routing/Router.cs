using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Routing;

/// <summary>Pure routing decisions; the ticket grain supplies the counts and cursor it keeps.</summary>
public static class Router
{
    /// <summary>The first routing rule that matches the ticket; null when none does.</summary>
    public static RoutingDecision? Route(SlaConfiguration configuration, TicketSnapshot ticket)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var rule in configuration.RoutingRules)
        {
            if (rule.When.Matches(ticket))
            {
                return new RoutingDecision(rule.Id, rule.TeamId, rule.AssignAgent);
            }
        }

        return null;
    }

    /// <summary>
    /// Picks an agent of <paramref name="team"/>. Round-robin takes the member at <paramref name="cursor"/> (modulo
    /// the team size) and advances the cursor; fewest-open takes the member with the fewest open tickets, the
    /// earlier member on a tie. A team with no members, or strategy <c>none</c>, leaves the ticket in the queue.
    /// </summary>
    public static AgentChoice ChooseAgent(TeamDefinition team, IReadOnlyDictionary<string, int> openTickets, int cursor)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(openTickets);
        var members = team.Members;
        if (members.Count == 0)
        {
            return new AgentChoice(null, cursor);
        }

        switch (team.Assignment)
        {
            case AssignmentStrategy.RoundRobin:
                var index = (int)((uint)cursor % (uint)members.Count);
                return new AgentChoice(members[index], (index + 1) % members.Count);
            case AssignmentStrategy.FewestOpen:
                var best = members[0];
                var bestOpen = openTickets.GetValueOrDefault(best);
                for (var i = 1; i < members.Count; i++)
                {
                    var open = openTickets.GetValueOrDefault(members[i]);
                    if (open < bestOpen)
                    {
                        (best, bestOpen) = (members[i], open);
                    }
                }

                return new AgentChoice(best, cursor);
            default:
                return new AgentChoice(null, cursor);
        }
    }
}

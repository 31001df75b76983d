namespace SlaEscalation.Domain.Routing;

/// <summary>Whom a Slack user acts for: the agent a team on the same Slack connection maps the user to.</summary>
public static class SlackUsers
{
    /// <summary>
    /// The agent <paramref name="slackUser"/> acts for on <paramref name="connection"/>: as the escalation's own
    /// <paramref name="team"/> maps the user, else as the first other team on the connection (by id) does; null when
    /// no team there maps the user, who may then change nothing.
    /// </summary>
    public static string? AgentOf(IReadOnlyDictionary<string, TeamDefinition> teams, string connection, string? team, string slackUser)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(slackUser);
        if (team is not null && teams.TryGetValue(team, out var own) && own.Slack is { } ownSlack && ownSlack.Connection == connection
            && ownSlack.AgentOf(slackUser) is { } agent)
        {
            return agent;
        }

        return teams.Values
            .Where(t => t.Slack is { } slack && slack.Connection == connection)
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => t.Slack!.AgentOf(slackUser))
            .FirstOrDefault(a => a is not null);
    }

    /// <summary>Whether <paramref name="agent"/> is a member, the lead or the on-call agent of <paramref name="team"/>.</summary>
    public static bool IsPersonOf(TeamDefinition team, string agent)
    {
        ArgumentNullException.ThrowIfNull(team);
        return team.Members.Contains(agent, StringComparer.Ordinal) || team.Lead == agent || team.OnCall == agent;
    }
}

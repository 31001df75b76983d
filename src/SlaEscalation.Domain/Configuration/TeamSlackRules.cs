using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// The rules a team's Slack block keeps: a channel id and user ids in Slack's own forms, users that are people of the
/// team, each Slack user acting for one agent, and a connection that is a declared <c>slack</c> connection.
/// </summary>
internal static class TeamSlackRules
{
    /// <summary>Checks the Slack block of <paramref name="team"/> on its own (a team read alone).</summary>
    public static void CheckTeam(TeamDefinition team, string path, List<ConfigurationError> errors)
    {
        if (team.Slack is not { } slack)
        {
            return;
        }

        var prefix = $"{ConfigurationRules.Prefix(path)}slack.";
        if (!IsSlackId(slack.Channel, "CGD"))
        {
            errors.Add(new($"{prefix}channel", "a Slack channel id, e.g. C0123ABCD (the channel's details in Slack show it; a #name is not enough to update messages)"));
        }

        var people = new HashSet<string>(team.Members, StringComparer.Ordinal);
        if (team.Lead is { } lead)
        {
            people.Add(lead);
        }

        if (team.OnCall is { } onCall)
        {
            people.Add(onCall);
        }

        var agentsBySlackUser = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (agent, user) in slack.Users.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var at = $"{prefix}users.{agent}";
            if (!people.Contains(agent))
            {
                errors.Add(new(at, $"'{agent}' is not a member, the lead or the on-call agent of this team"));
            }

            if (!IsSlackId(user, "UW"))
            {
                errors.Add(new(at, "a Slack user id, e.g. U0123ABCD (a member's profile in Slack shows it)"));
            }
            else if (!agentsBySlackUser.TryAdd(user, agent))
            {
                errors.Add(new(at, $"Slack user '{user}' acts for '{agentsBySlackUser[user]}' already: one Slack user is one agent"));
            }
        }
    }

    /// <summary>Checks that every team's Slack connection is a declared connection of kind <c>slack</c>.</summary>
    public static void CheckConnections(IReadOnlyList<TeamDefinition> teams, IReadOnlyList<HelpdeskConnection> connections, List<ConfigurationError> errors)
    {
        foreach (var team in teams)
        {
            if (team.Slack is not { } slack)
            {
                continue;
            }

            var found = connections.FirstOrDefault(c => c.Id == slack.Connection);
            if (found is null || found.Kind != ConnectionKind.Slack)
            {
                errors.Add(new($"teams.{team.Id}.slack.connection", found is null
                    ? $"unknown connection '{slack.Connection}': declare it under connections with kind: slack"
                    : $"connection '{slack.Connection}' is a {found.Kind.ToWire()} connection, not a slack one"));
            }
        }
    }

    /// <summary>Slack's ids: an upper-case letter from <paramref name="firsts"/>, then 2 to 20 of A-Z and 0-9.</summary>
    private static bool IsSlackId(string text, string firsts) =>
        text.Length is >= 3 and <= 21 && firsts.Contains(text[0], StringComparison.Ordinal)
        && text.Skip(1).All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}

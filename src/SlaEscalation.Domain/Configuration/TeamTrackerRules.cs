using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Configuration;

/// <summary>The rule a team's tracker keeps across the document: its connection, once declared, is of the tracker's kind.</summary>
internal static class TeamTrackerRules
{
    /// <summary>
    /// Checks that no team's Jira or Linear tracker names a connection of another kind. A connection not declared yet
    /// is taken: it is looked up when a task opens (docs/trackers.md), so a team may be put before its connection.
    /// </summary>
    public static void CheckConnections(IReadOnlyList<TeamDefinition> teams, IReadOnlyList<HelpdeskConnection> connections, List<ConfigurationError> errors)
    {
        foreach (var team in teams)
        {
            if (team.Tracker is not { Connection: { } connection } tracker || KindOf(tracker.Kind) is not { } expected)
            {
                continue;
            }

            if (connections.FirstOrDefault(c => c.Id == connection) is { } found && found.Kind != expected)
            {
                errors.Add(new(
                    $"teams.{team.Id}.tracker.connection",
                    $"connection '{connection}' is a {found.Kind.ToWire()} connection, not a {expected.ToWire()} one"));
            }
        }
    }

    /// <summary>The connection kind an outside tracker needs; null for the internal one.</summary>
    private static ConnectionKind? KindOf(TrackerKind kind) => kind switch
    {
        TrackerKind.Jira => ConnectionKind.Jira,
        TrackerKind.Linear => ConnectionKind.Linear,
        _ => null,
    };
}

using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// The rules a helpdesk connection keeps: an id fit for a URL, a ticket key and a setting name; mapped values that
/// are ours (priorities, statuses, declared teams); agent ids within the event limits.
/// </summary>
internal static class ConnectionRules
{
    public static void Check(IReadOnlyList<HelpdeskConnection> connections, ISet<string>? teamIds, List<ConfigurationError> errors)
    {
        foreach (var connection in connections)
        {
            CheckConnection(connection, $"connections.{connection.Id}", teamIds, errors);
        }
    }

    /// <summary>Checks one connection; <paramref name="teamIds"/> null skips the team references (a part read alone).</summary>
    public static void CheckConnection(HelpdeskConnection connection, string path, ISet<string>? teamIds, List<ConfigurationError> errors)
    {
        var prefix = ConfigurationRules.Prefix(path);
        if (connection.Id.Length is 0 or > HelpdeskConnection.MaxIdLength
            || !connection.Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || connection.Id[0] == '-')
        {
            errors.Add(new(path, $"a connection id is 1 to {HelpdeskConnection.MaxIdLength} of a-z, 0-9 and '-', not starting with '-'"));
        }

        foreach (var (vendor, ours) in connection.Priorities)
        {
            CheckPriority(ours, $"{prefix}priorities.{vendor}", errors);
        }

        foreach (var (vendor, ours) in connection.Statuses)
        {
            CheckStatus(ours, $"{prefix}statuses.{vendor}", errors);
        }

        foreach (var (vendor, team) in connection.Teams)
        {
            if (teamIds is not null && !teamIds.Contains(team))
            {
                errors.Add(new($"{prefix}teams.{vendor}", $"unknown team '{team}'"));
            }
        }

        foreach (var (vendor, agent) in connection.Agents)
        {
            ConfigurationRules.CheckAgent(agent, $"{prefix}agents.{vendor}", errors, "an agent id ");
        }

        CheckPriority(connection.DefaultPriority, $"{prefix}defaults.priority", errors);
        CheckStatus(connection.DefaultStatus, $"{prefix}defaults.status", errors);
    }

    private static void CheckPriority(string value, string path, List<ConfigurationError> errors)
    {
        if (!TicketWire.TryParsePriority(value, out _))
        {
            errors.Add(new(path, $"unknown priority '{value}': expected low, normal, high or urgent"));
        }
    }

    private static void CheckStatus(string value, string path, List<ConfigurationError> errors)
    {
        if (!TicketWire.TryParseStatus(value, out _))
        {
            errors.Add(new(path, $"unknown status '{value}': expected new, open, pending, on_hold, solved or closed"));
        }
    }
}

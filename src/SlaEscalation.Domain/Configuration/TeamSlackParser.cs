using System.Text.Json;
using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Reads a team's <c>slack</c> block: <c>{connection, channel, users: {agent: slack user id}}</c>. Only shapes are
/// checked here; <see cref="TeamSlackRules"/> checks the values.
/// </summary>
internal sealed class TeamSlackParser(DocumentReader reader)
{
    public TeamSlack? Slack(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "connection", "channel", "users");
        var errorsBefore = reader.Errors.Count;
        var connection = reader.String(properties, "connection", path, required: true);
        var channel = reader.String(properties, "channel", path, required: true);
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DocumentReader.Find(properties, "users") is { } usersElement)
        {
            foreach (var (agent, value, itemPath) in reader.Properties(usersElement, DocumentReader.Join(path, "users")))
            {
                if (reader.String(value, itemPath) is { } user)
                {
                    users[agent] = user;
                }
            }
        }

        return reader.Errors.Count == errorsBefore && connection is not null && channel is not null
            ? new TeamSlack(connection, channel, users)
            : null;
    }
}

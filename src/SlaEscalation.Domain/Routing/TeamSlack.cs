namespace SlaEscalation.Domain.Routing;

/// <summary>
/// Where a team's escalations and daily digest go in Slack, and who its members are there.
/// </summary>
/// <param name="Connection">The <c>slack</c> connection whose bot posts (its token is the setting <c>Adapters__{connection}__BotToken</c>).</param>
/// <param name="Channel">The channel id (<c>C0123ABCD</c>): ids stay valid when a channel is renamed, and <c>chat.update</c> takes only ids.</param>
/// <param name="Users">Our agent id -> the agent's Slack user id (<c>U0123ABCD</c>): whom a button press in Slack acts for.</param>
public sealed record TeamSlack(string Connection, string Channel, IReadOnlyDictionary<string, string> Users)
{
    /// <summary>The agent a Slack user acts for in this team; null when the user is not mapped.</summary>
    public string? AgentOf(string slackUser)
    {
        ArgumentNullException.ThrowIfNull(slackUser);
        foreach (var (agent, user) in Users)
        {
            if (string.Equals(user, slackUser, StringComparison.Ordinal))
            {
                return agent;
            }
        }

        return null;
    }
}

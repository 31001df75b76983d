using NodaTime;
using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Tests.Configuration;

public sealed class SlackUsersTests
{
    private static readonly Dictionary<string, TeamDefinition> Teams = new(StringComparer.Ordinal)
    {
        ["billing"] = Team("billing", "acme", ("bo", "U0SHARED"), ("carl", "U0CARL")),
        ["support"] = Team("support", "acme", ("ana", "U0SHARED")),
        ["other"] = Team("other", "elsewhere", ("zoe", "U0ZOE")),
    };

    [Theory]
    [InlineData("support", "U0SHARED", "ana")]
    [InlineData("billing", "U0SHARED", "bo")]
    [InlineData("support", "U0CARL", "carl")]
    [InlineData(null, "U0SHARED", "bo")]
    [InlineData("support", "U0ZOE", null)]
    [InlineData("support", "U0NOBODY", null)]
    public void A_Slack_user_acts_for_the_agent_its_own_team_maps_else_the_first_team_on_the_connection(string? team, string user, string? agent) =>
        Assert.Equal(agent, SlackUsers.AgentOf(Teams, "acme", team, user));

    private static TeamDefinition Team(string id, string connection, params (string Agent, string User)[] users) => new(
        id, [.. users.Select(u => u.Agent)], null, null, DateTimeZone.Utc, 8, Duration.FromHours(1), AssignmentStrategy.None,
        Slack: new TeamSlack(connection, "C0CHANNEL", users.ToDictionary(u => u.Agent, u => u.User, StringComparer.Ordinal)));
}

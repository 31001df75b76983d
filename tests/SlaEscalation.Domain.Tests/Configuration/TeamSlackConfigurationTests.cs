using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Domain.Tests.Configuration;

public sealed class TeamSlackConfigurationTests
{
    [Fact]
    public void A_team_names_its_slack_channel_connection_and_members_slack_users()
    {
        var result = ConfigurationDocument.ParseYaml("""
            teams:
              support: { zone: UTC, members: [ana, ben], lead: lena, slack: { connection: acme-slack, channel: C0123ABCD, users: { ana: U0AAA1, lena: W0LEAD } } }
            connections:
              acme-slack: { kind: slack }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
        var slack = result.Value.Teams["support"].Slack!;
        Assert.Equal(("acme-slack", "C0123ABCD"), (slack.Connection, slack.Channel));
        Assert.Equal("ana", slack.AgentOf("U0AAA1"));
        Assert.Equal("lena", slack.AgentOf("W0LEAD"));
        Assert.Null(slack.AgentOf("U0BBB2"));
        Assert.Equal(ConnectionKind.Slack, result.Value.Connections["acme-slack"].Kind);
    }

    [Fact]
    public void A_team_without_slack_has_none()
    {
        var result = ConfigurationDocument.ParseYaml("teams: { support: { zone: UTC, members: [ana] } }");

        Assert.Null(result.Value!.Teams["support"].Slack);
    }

    [Fact]
    public void Every_bad_slack_value_is_named_at_its_path()
    {
        var result = ConfigurationDocument.ParseYaml("""
            teams:
              support: { zone: UTC, members: [ana, ben], slack: { connection: acme-slack, channel: "#support", users: { ana: U0AAA1, ben: U0AAA1, zoe: U0ZZZ9, ben2: ben } } }
            connections:
              acme-slack: { kind: slack }
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "teams.support.slack.channel",
                "teams.support.slack.users.ben2: 'ben2' is not a member, the lead or the on-call agent of this team",
                "teams.support.slack.users.ben2: a Slack user id, e.g. U0123ABCD (a member's profile in Slack shows it)",
                "teams.support.slack.users.ben: Slack user 'U0AAA1' acts for 'ana' already: one Slack user is one agent",
                "teams.support.slack.users.zoe: 'zoe' is not a member, the lead or the on-call agent of this team",
            ],
            result.Errors.Select(e => e.Path == "teams.support.slack.channel" ? e.Path : $"{e.Path}: {e.Message}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("connections: { acme-slack: { kind: zendesk } }", "connection 'acme-slack' is a zendesk connection, not a slack one")]
    [InlineData("connections: { other: { kind: slack } }", "unknown connection 'acme-slack': declare it under connections with kind: slack")]
    public void The_connection_must_be_a_declared_slack_connection(string connections, string message)
    {
        var result = ConfigurationDocument.ParseYaml($$"""
            teams:
              support: { zone: UTC, members: [ana], slack: { connection: acme-slack, channel: C0123ABCD } }
            {{connections}}
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("teams.support.slack.connection", message), (error.Path, error.Message));
    }

    [Fact]
    public void The_channel_and_connection_are_required()
    {
        var result = ConfigurationDocument.ParseYaml("teams: { support: { zone: UTC, members: [ana], slack: { users: {} } } }");

        Assert.Equal(["teams.support.slack.channel", "teams.support.slack.connection"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}

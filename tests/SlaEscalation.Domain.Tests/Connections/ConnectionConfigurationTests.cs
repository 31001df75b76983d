using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Domain.Tests.Connections;

public sealed class ConnectionConfigurationTests
{
    private const string Teams = """
        teams:
          support-eu: { zone: Europe/Berlin }
        """;

    private static string Example(string extension) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", $"example.{extension}"));

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public void The_example_set_connects_zendesk_intercom_and_jira(string format)
    {
        var result = format == "yaml" ? ConfigurationDocument.ParseYaml(Example("yaml")) : ConfigurationDocument.ParseJson(Example("json"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var connections = result.Value!.Connections;
        Assert.Equal(["intercom", "jsm", "zendesk-eu"], connections.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([ConnectionKind.Intercom, ConnectionKind.Jira, ConnectionKind.Zendesk], connections.Keys.Order(StringComparer.Ordinal).Select(k => connections[k].Kind));
        Assert.Equal("support-eu", connections["zendesk-eu"].Team("360001111111"));
        Assert.Equal("on_hold", connections["zendesk-eu"].Status("360000123456"));
        Assert.Equal("urgent", connections["jsm"].Priority("Highest"));
    }

    [Fact]
    public void Every_bad_value_of_a_connection_is_named_by_its_path()
    {
        var result = ConfigurationDocument.ParseYaml(Teams + """

            connections:
              Zendesk_EU:
                kind: zendesk
                priorities: { p1: critical }
                statuses: { "123": waiting }
                teams: { "42": support-us }
                defaults: { status: parked }
              other:
                kind: freshdesk
                colour: blue
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "connections.Zendesk_EU.defaults.status: unknown status 'parked': expected new, open, pending, on_hold, solved or closed",
                "connections.Zendesk_EU.priorities.p1: unknown priority 'critical': expected low, normal, high or urgent",
                "connections.Zendesk_EU.statuses.123: unknown status 'waiting': expected new, open, pending, on_hold, solved or closed",
                "connections.Zendesk_EU.teams.42: unknown team 'support-us'",
                "connections.Zendesk_EU: a connection id is 1 to 40 of a-z, 0-9 and '-', not starting with '-'",
                "connections.other.colour: unknown field; expected one of: kind, priorities, statuses, teams, agents, defaults",
                "connections.other.kind: expected zendesk, intercom, jira, linear or slack",
            ],
            result.Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deleting_a_team_a_connection_maps_to_is_refused_with_the_connection_path()
    {
        var result = ConfigurationDocument.ParseYaml("""
            connections:
              zendesk-eu: { kind: zendesk, teams: { "42": support-eu } }
            """);

        Assert.Equal(["connections.zendesk-eu.teams.42: unknown team 'support-eu'"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_connection_part_is_read_alone_with_paths_relative_to_it()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"kind": "intercom", "statuses": {"snoozed": "later"}}""");

        var result = ConfigurationDocument.ParseConnection("intercom", document.RootElement);

        Assert.Equal(["statuses.snoozed: unknown status 'later': expected new, open, pending, on_hold, solved or closed"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_connection_goes_into_a_configuration_only_when_its_teams_exist()
    {
        var configuration = ConfigurationDocument.ParseYaml(Teams).Value!;
        var known = new HelpdeskConnection("zd", ConnectionKind.Zendesk, Map(), Map(), Map(("1", "support-eu")), Map());

        Assert.Equal("support-eu", configuration.WithConnection(known).Value!.Connections["zd"].Team("1"));
        Assert.Equal(
            ["connections.zd.teams.2: unknown team 'nobody'"],
            configuration.WithConnection(known with { Teams = Map(("2", "nobody")) }).Errors.Select(e => e.ToString()));
    }

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

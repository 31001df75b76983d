using System.Text.Json;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Tests.Configuration;

/// <summary>A team's <c>tracker</c>: where its engineering tasks are opened, read and checked with every error's path.</summary>
public sealed class TeamTrackerConfigurationTests
{
    private const string LinearTeam = "9cfb482a-81e3-4154-b5b9-2c805e70a02d";

    private static ConfigurationResult<TeamDefinition> Team(string trackerJson) =>
        ConfigurationDocument.ParseTeam("platform", JsonDocument.Parse($$"""{ "zone": "UTC", "tracker": {{trackerJson}} }""").RootElement);

    [Fact]
    public void A_jira_tracker_reads_its_project_issue_type_and_priority_names()
    {
        var result = Team("""{ "kind": "jira", "connection": "jira-eng", "project": "ENG", "issueType": "Bug", "priorities": { "urgent": "Highest" } }""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var tracker = result.Value!.Tracker!;
        Assert.Equal((TrackerKind.Jira, "jira-eng", "ENG", "Bug", (string?)null), (tracker.Kind, tracker.Connection, tracker.Project, tracker.IssueType, tracker.LinearTeamId));
        Assert.Equal(("Highest", (string?)null), (tracker.VendorPriority("urgent"), tracker.VendorPriority("low")));
    }

    [Fact]
    public void A_jira_tracker_without_an_issue_type_opens_tasks()
    {
        var result = Team("""{ "kind": "jira", "connection": "jira-eng", "project": "ENG" }""");

        Assert.Equal("Task", result.Value!.Tracker!.IssueType);
    }

    [Fact]
    public void A_linear_tracker_maps_priorities_and_falls_back_to_linears_own_scale()
    {
        var result = Team($$"""{ "kind": "linear", "connection": "linear-eng", "teamId": "{{LinearTeam}}", "priorities": { "normal": 2 } }""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var tracker = result.Value!.Tracker!;
        Assert.Equal((TrackerKind.Linear, "linear-eng", LinearTeam), (tracker.Kind, tracker.Connection, tracker.LinearTeamId));
        Assert.Equal(["1", "2", "2", "4"], new[] { "urgent", "high", "normal", "low" }.Select(tracker.VendorPriority));
    }

    [Fact]
    public void A_team_without_a_tracker_keeps_the_internal_one()
    {
        var result = ConfigurationDocument.ParseTeam("platform", JsonDocument.Parse("""{ "zone": "UTC" }""").RootElement);

        Assert.Null(result.Value!.Tracker);
    }

    [Fact]
    public void Every_problem_of_a_jira_tracker_is_named_by_its_path()
    {
        var result = Team("""{ "kind": "jira", "connection": "Jira Eng", "project": "eng", "teamId": "x", "priorities": { "asap": "Highest", "high": 3 } }""");

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "tracker.connection",
                "tracker.priorities.asap",
                "tracker.priorities.high",
                "tracker.project",
                "tracker.teamId",
            ],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "tracker.teamId" && e.Message == "is not used by the jira tracker");
    }

    [Fact]
    public void Every_problem_of_a_linear_tracker_is_named_by_its_path()
    {
        var result = Team("""{ "kind": "linear", "project": "ENG", "teamId": "not-a-uuid", "priorities": { "urgent": 5, "low": "4" } }""");

        Assert.Equal(
            [
                ("tracker.connection", "is required"),
                ("tracker.priorities.low", "a Linear priority is a whole number from 0 (none) to 4 (low)"),
                ("tracker.priorities.urgent", "a Linear priority is a whole number from 0 (none) to 4 (low)"),
                ("tracker.project", "is not used by the linear tracker"),
                ("tracker.teamId", "a Linear team id is a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)).Order());
    }

    [Fact]
    public void An_unknown_kind_and_fields_the_internal_tracker_has_no_use_for_are_errors()
    {
        Assert.Equal(
            [("tracker.kind", "expected internal, jira or linear")],
            Team("""{ "kind": "github" }""").Errors.Select(e => (e.Path, e.Message)));
        Assert.Equal(
            [("tracker.connection", "is not used by the internal tracker")],
            Team("""{ "kind": "internal", "connection": "jira-eng" }""").Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void A_tracker_in_the_whole_document_is_reported_under_its_team()
    {
        var result = ConfigurationDocument.ParseYaml("""
            teams:
              platform:
                zone: UTC
                tracker:
                  kind: jira
                  connection: jira-eng
            """);

        Assert.Contains(result.Errors, e => e.Path == "teams.platform.tracker.project" && e.Message == "is required");
    }

    private const string Connections = """
        connections:
          acme-slack: { kind: slack }
          jira-eng: { kind: jira }
          linear-eng: { kind: linear }
        """;

    [Theory]
    [InlineData("{ kind: jira, connection: acme-slack, project: ENG }", "connection 'acme-slack' is a slack connection, not a jira one")]
    [InlineData("{ kind: linear, connection: jira-eng, teamId: 9cfb482a-81e3-4154-b5b9-2c805e70a02d }", "connection 'jira-eng' is a jira connection, not a linear one")]
    [InlineData("{ kind: jira, connection: linear-eng, project: ENG }", "connection 'linear-eng' is a linear connection, not a jira one")]
    public void A_tracker_naming_a_connection_of_another_kind_is_refused_in_the_whole_document(string tracker, string message)
    {
        var result = ConfigurationDocument.ParseYaml($$"""
            teams:
              platform: { zone: UTC, members: [eng-1], tracker: {{tracker}} }
            {{Connections}}
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("teams.platform.tracker.connection", message), (error.Path, error.Message));
    }

    [Theory]
    [InlineData("""{ "kind": "jira", "connection": "acme-slack", "project": "ENG" }""", "connection 'acme-slack' is a slack connection, not a jira one")]
    [InlineData($$"""{ "kind": "linear", "connection": "jira-eng", "teamId": "{{LinearTeam}}" }""", "connection 'jira-eng' is a jira connection, not a linear one")]
    public void A_tracker_naming_a_connection_of_another_kind_is_refused_when_its_team_is_put_alone(string tracker, string message)
    {
        var configuration = ConfigurationDocument.ParseYaml(Connections).Value!;

        var result = configuration.WithTeam(Team(tracker).Value!);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("teams.platform.tracker.connection", message), (error.Path, error.Message));
    }

    [Theory]
    [InlineData("""{ "kind": "jira", "connection": "jira-eng", "project": "ENG" }""")]
    [InlineData("""{ "kind": "jira", "connection": "jira-later", "project": "ENG" }""")]
    [InlineData($$"""{ "kind": "linear", "connection": "linear-eng", "teamId": "{{LinearTeam}}" }""")]
    public void A_tracker_naming_a_connection_of_its_kind_or_one_not_declared_yet_is_taken(string tracker)
    {
        var configuration = ConfigurationDocument.ParseYaml(Connections).Value!;

        var result = configuration.WithTeam(Team(tracker).Value!);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }
}

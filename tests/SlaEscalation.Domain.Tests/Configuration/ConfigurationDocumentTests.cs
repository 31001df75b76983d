using System.Text.Json;
using NodaTime;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Configuration;

public sealed class ConfigurationDocumentTests
{
    private static string Example(string extension) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", $"example.{extension}"));

    private static IReadOnlyList<ConfigurationError> Errors(string yaml)
    {
        var result = ConfigurationDocument.ParseYaml(yaml);
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        return result.Errors;
    }

    private static void AssertError(IReadOnlyList<ConfigurationError> errors, string path, string messagePart) =>
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(messagePart, StringComparison.Ordinal));

    [Fact]
    public void The_embedded_sample_parses_and_gives_urgent_tickets_the_short_walkthrough_runbook()
    {
        var result = ConfigurationDocument.ParseJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "sample.json")));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var configuration = result.Value!;
        var urgent = TicketSnapshot.Unknown with { Priority = Priority.Urgent, CreatedAt = Instant.FromUtc(2026, 11, 27, 10, 0) };
        var policy = configuration.PolicyFor(urgent)!;
        Assert.Equal(("walkthrough-urgent", "walkthrough"), (policy.Id, policy.RunbookId));
        Assert.Equal(new MetricTarget(Duration.FromMinutes(2), "24x7"), policy.TargetFor(Priority.Urgent, SlaMetric.FirstReply));
        var normal = configuration.PolicyFor(urgent with { Priority = Priority.Normal })!;
        Assert.Equal(("standard", new MetricTarget(Duration.FromHours(4), "support-hours")), (normal.Id, normal.TargetFor(Priority.Normal, SlaMetric.FirstReply)));
        var hours = configuration.Calendars["support-hours"].Definition;
        Assert.Equal("Europe/Berlin", hours.Zone.Id);
        Assert.Contains(new LocalDate(2026, 12, 25), hours.Holidays);
        Assert.Equal(["at_risk", "breached", "breached_for PT1M"], configuration.Runbooks["walkthrough"].Levels.Select(l => l.Trigger.ToString()));
        Assert.Equal("carol", configuration.Teams["support"].Lead);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public void Example_set_parses_and_validates(string format)
    {
        var result = format == "yaml" ? ConfigurationDocument.ParseYaml(Example("yaml")) : ConfigurationDocument.ParseJson(Example("json"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var configuration = result.Value;
        Assert.Equal(["24x7", "berlin-business", "follow-the-sun", "ny-business"], configuration.Calendars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["enterprise-urgent", "enterprise", "eu-business", "default"], configuration.Policies.Select(p => p.Id));
        Assert.Equal(["support-eu", "support-us"], configuration.Teams.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["standard"], configuration.Runbooks.Keys);
        Assert.Equal(3, configuration.Runbooks["standard"].Levels.Count);
        Assert.Equal([(1, Duration.FromMinutes(15)), (2, Duration.FromMinutes(10)), (0, Duration.FromHours(1))], configuration.Runbooks["standard"].Levels.Select(l => (l.Repeats, l.RepeatEvery)));
        Assert.Equal(new MetricTarget(Duration.FromDays(7), "follow-the-sun"), configuration.Policies[1].TargetFor(Priority.Normal, SlaMetric.Resolution));
        Assert.Equal(new AtRiskThreshold(80, Duration.FromHours(4)), configuration.Policies[1].AtRiskFor(SlaMetric.Resolution));
        Assert.Equal(AssignmentStrategy.FewestOpen, configuration.Teams["support-eu"].Assignment);
    }

    [Fact]
    public void Unknown_zone_is_named_with_its_path()
    {
        var errors = Errors("""
            calendars:
              x:
                zone: Mars/Olympus_Mons
                windows: { mon: [["09:00", "17:00"]] }
            """);

        AssertError(errors, "calendars.x.zone", "unknown time zone 'Mars/Olympus_Mons'");
    }

    [Fact]
    public void Overlapping_windows_are_refused()
    {
        var errors = Errors("""
            calendars:
              x:
                zone: UTC
                windows:
                  mon-fri: [["09:00", "17:00"]]
                  wed: [["16:00", "18:00"]]
                  sun: [["22:00", "02:00"]]
                  mon: [["01:00", "03:00"]]
            """);

        AssertError(errors, "calendars.x.windows", "window wed 09:00-17:00 overlaps window wed 16:00-18:00");
        AssertError(errors, "calendars.x.windows", "window sun 22:00-02:00 overlaps window mon 01:00-03:00");
        Assert.Equal(2, errors.Count);
    }

    [Theory]
    [InlineData("PT0S", "must be a positive duration")]
    [InlineData("PT-1H", "must be a positive duration")]
    [InlineData("P1M", "years or months")]
    [InlineData("four hours", "not an ISO-8601 duration")]
    public void Target_must_be_a_positive_fixed_duration(string target, string message)
    {
        var errors = Errors($$"""
            policies:
              - id: p
                targets:
                  high:
                    first_reply: { target: "{{target}}", calendar: 24x7 }
            """);

        Assert.Single(errors);
        AssertError(errors, "policies[0].targets.high.first_reply.target", message);
    }

    [Fact]
    public void Unknown_calendar_reference_is_named_with_its_path()
    {
        var errors = Errors("""
            policies:
              - id: a
                when: { priority: [low] }
                targets: { low: { first_reply: { target: PT1H, calendar: 24x7 } } }
              - id: b
                targets:
                  high:
                    first_reply: { target: PT1H, calendar: nowhere }
            """);

        AssertError(errors, "policies[1].targets.high.first_reply.calendar", "unknown calendar 'nowhere'");
    }

    [Fact]
    public void Duplicate_ids_are_refused()
    {
        var errors = Errors("""
            calendars:
              x: { zone: UTC, windows: { all: [["00:00", "12:00"]] } }
              x: { zone: UTC, windows: { all: [["12:00", "24:00"]] } }
            policies:
              - { id: p, when: { priority: [low] }, targets: {} }
              - { id: p, when: { priority: [high] }, targets: {} }
            """);

        AssertError(errors, "calendars.x", "duplicate key 'x'");
        AssertError(errors, "policies[1].id", "duplicate policy id 'p'");
    }

    [Theory]
    [InlineData("{ priority: [] }", "policies[0].when", "an empty list matches no ticket")]
    [InlineData("{ tags: { all: [a, b], none: [b] } }", "policies[0].when", "tag 'b' is both required (all) and excluded (none)")]
    [InlineData("{ tags: { any: [a], none: [a, c] } }", "policies[0].when", "every tag in 'any' is also excluded")]
    public void Policy_that_can_never_match_is_refused(string when, string path, string message)
    {
        var errors = Errors($$"""
            policies:
              - id: p
                when: {{when}}
                targets: {}
            """);

        AssertError(errors, path, message);
    }

    [Fact]
    public void Policy_hidden_by_an_earlier_broader_policy_is_refused()
    {
        var errors = Errors("""
            policies:
              - id: vip
                when: { tags: { any: [vip] } }
                targets: {}
              - id: vip-urgent
                when: { priority: [urgent], tags: { all: [vip, eu] } }
                targets: {}
              - id: urgent-only
                when: { priority: [urgent] }
                targets: {}
            """);

        AssertError(errors, "policies[1].when", "policies[0] ('vip') comes first");
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("breached", "at_risk", "runbooks.r.levels[1].trigger")]
    [InlineData("breached_for PT2H", "breached_for PT1H", "runbooks.r.levels[1].trigger")]
    [InlineData("breached", "breached", "runbooks.r.levels[1].trigger")]
    [InlineData("unacknowledged_for PT5M", "breached", "runbooks.r.levels[0].trigger")]
    public void Unreachable_runbook_level_is_refused(string first, string second, string path)
    {
        var errors = Errors($$"""
            runbooks:
              r:
                levels:
                  - { trigger: {{first}}, owner: assignee, actions: [notify], ackWithin: PT10M }
                  - { trigger: {{second}}, owner: team_lead, actions: [notify], ackWithin: PT10M }
            """);

        AssertError(errors, path, "unreachable level");
    }

    [Fact]
    public void A_level_repeats_every_repeatEvery_after_its_window_or_else_one_window_apart()
    {
        var result = ConfigurationDocument.ParseYaml("""
            runbooks:
              r:
                levels:
                  - { trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT5M, repeats: 2, repeatEvery: PT2M }
                  - { trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT15M, repeats: 1 }
            """);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var (spaced, windowed) = (result.Value!.Runbooks["r"].Levels[0], result.Value.Runbooks["r"].Levels[1]);
        Assert.Equal((2, Duration.FromMinutes(2)), (spaced.Repeats, spaced.RepeatEvery));
        Assert.Equal([5, 7, 9], new[] { 0, 1, 2 }.Select(n => spaced.DueAfterRaise(n).TotalMinutes));
        Assert.Equal((1, Duration.FromMinutes(15)), (windowed.Repeats, windowed.RepeatEvery));
        Assert.Equal([15, 30], new[] { 0, 1 }.Select(n => windowed.DueAfterRaise(n).TotalMinutes));
    }

    [Theory]
    [InlineData("PT0S", "must be a positive duration")]
    [InlineData("P1M", "uses years or months")]
    [InlineData("2 minutes", "is not an ISO-8601 duration")]
    [InlineData("120", "is not an ISO-8601 duration")]
    public void A_bad_repeatEvery_is_refused_with_its_path(string repeatEvery, string message)
    {
        var errors = Errors($$"""
            runbooks:
              r:
                levels:
                  - { trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT5M, repeats: 2, repeatEvery: "{{repeatEvery}}" }
            """);

        AssertError(errors, "runbooks.r.levels[0].repeatEvery", message);
        Assert.Single(errors);
    }

    [Fact]
    public void Every_person_the_configuration_names_is_held_to_one_length_the_ticket_agent_column()
    {
        var (fits, over) = (new string('u', 150), new string('u', 151));
        var errors = Errors($$"""
            teams:
              t: { zone: UTC, lead: "{{over}}", members: ["{{fits}}"] }
            runbooks:
              fits:
                levels:
                  - { trigger: at_risk, owner: "user:{{fits}}", actions: [notify, reassign], ackWithin: PT5M }
              over:
                levels:
                  - { trigger: at_risk, owner: "user:{{over}}", actions: [notify, reassign], ackWithin: PT5M }
                  - { trigger: breached, owner: "engineering:{{over}}", actions: [create_task], ackWithin: PT5M }
            connections:
              zd:
                kind: zendesk
                agents: { "1": "{{fits}}", "2": "{{over}}" }
            """);

        Assert.Equal(
            [
                "connections.zd.agents.2: an agent id must be at most 150 characters, not 151",
                "runbooks.over.levels[0].owner: the user id must be at most 150 characters, not 151",
                "runbooks.over.levels[1].owner: the team id must be at most 150 characters, not 151",
                "teams.t.lead: must be at most 150 characters, not 151",
            ],
            errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_unrouted_queue_cannot_be_defined_as_a_team()
    {
        var errors = Errors("""
            teams:
              unrouted: { zone: UTC }
            """);
        using var json = JsonDocument.Parse("""{ "zone": "UTC" }""");

        Assert.Equal(["teams.unrouted: 'unrouted' is reserved: it is the queue of tickets no routing rule claims"], errors.Select(e => e.ToString()));
        Assert.Equal(
            [new ConfigurationError("", "'unrouted' is reserved: it is the queue of tickets no routing rule claims")],
            ConfigurationDocument.ParseTeam("unrouted", json.RootElement).Errors);
    }

    [Fact]
    public void Every_error_of_a_document_is_reported_at_once()
    {
        var errors = Errors("""
            calendars:
              broken: { zone: Nowhere/Town, windows: { mon: [["09:00", "17:00"]] } }
            teams:
              t: { zone: UTC, digestHour: 25, unassignedLimit: PT0S, assignment: random }
            policies:
              - id: p
                targets:
                  high:
                    first_reply: { target: PT1H, calendar: missing }
                    resolution: { target: PT1H, calendar: broken }
            routing:
              - { id: r, team: nobody }
            runbooks:
              rb:
                levels:
                  - { trigger: breached, owner: "on_call:ghosts", actions: [notify], ackWithin: PT5M, colour: red }
            """);

        Assert.Equal(
            [
                "calendars.broken.zone",
                "policies[0].targets.high.first_reply.calendar",
                "routing[0].team",
                "runbooks.rb.levels[0].colour",
                "teams.t.assignment",
                "teams.t.digestHour",
                "teams.t.unassignedLimit",
            ],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Valid_parts_of_a_refused_document_still_get_their_rules_checked()
    {
        var errors = Errors("""
            teams:
              t: { zone: UTC, digestHour: 25 }
              u: { zone: Nowhere }
            """);

        Assert.Equal(["teams.t.digestHour", "teams.u.zone"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_team_put_on_its_own_names_its_rule_errors_beside_the_fields_that_did_not_read()
    {
        using var json = JsonDocument.Parse($$"""{ "zone": "Nowhere/Town", "digestHour": 25, "members": ["a", "a"], "lead": "{{new string('l', 151)}}" }""");

        Assert.Equal(
            ["digestHour", "lead", "members[1]", "zone"],
            ConfigurationDocument.ParseTeam("t", json.RootElement).Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Yaml_syntax_error_names_the_line()
    {
        var errors = Errors("calendars:\n  x: [unclosed\n");

        Assert.Contains("YAML syntax error at line", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65, 0)]
    [InlineData(5_000, 0)]
    [InlineData(0, 65)]
    [InlineData(0, 2_000)]
    public void Yaml_nested_past_64_levels_is_an_error_naming_the_limit_not_an_exception(int sequences, int mappings)
    {
        var yaml = "calendars: " + new string('[', sequences) + new string(']', sequences) + "\n"
            + string.Concat(Enumerable.Range(0, mappings).Select(i => new string(' ', i) + $"k{i}:\n"));

        Assert.Contains("nests deeper than 64 levels", Assert.Single(Errors(yaml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_nested_64_levels_deep_is_read_as_yaml()
    {
        var yaml = "calendars: " + new string('[', 63) + new string(']', 63) + "\n";

        Assert.DoesNotContain(Errors(yaml), e => e.Message.Contains("YAML", StringComparison.Ordinal) || e.Message.Contains("nests", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_syntax_error_is_an_error_not_an_exception()
    {
        var result = ConfigurationDocument.ParseJson("{ \"calendars\": ");

        Assert.Contains("JSON syntax error", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_part_is_validated_on_its_own()
    {
        using var json = JsonDocument.Parse("""{ "zone": "UTC", "windows": { "mon": [["09:00", "17:00"], ["12:00", "13:00"]] }, "holidays": ["2026-02-30"] }""");

        var result = ConfigurationDocument.ParseCalendar("c", json.RootElement);

        Assert.Equal(["holidays[0]"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Replacing_a_part_rechecks_references_and_refuses_a_broken_one()
    {
        var configuration = ConfigurationDocument.ParseYaml(Example("yaml")).Value!;
        using var json = JsonDocument.Parse("""[{ "id": "p", "targets": { "low": { "resolution": { "target": "PT1H", "calendar": "gone" } } } }]""");
        var policies = ConfigurationDocument.ParsePolicies(json.RootElement);

        var result = configuration.WithPolicies(policies.Value!);

        Assert.True(policies.IsValid);
        Assert.Equal([new ConfigurationError("policies[0].targets.low.resolution.calendar", "unknown calendar 'gone'")], result.Errors);
    }

    [Fact]
    public void Replacing_a_calendar_keeps_the_others_and_validates_the_whole()
    {
        var configuration = ConfigurationDocument.ParseYaml(Example("yaml")).Value!;
        using var json = JsonDocument.Parse("""{ "zone": "Asia/Tokyo", "windows": { "mon-fri": [["09:00", "18:00"]] } }""");

        var result = configuration.WithCalendar(ConfigurationDocument.ParseCalendar("ny-business", json.RootElement).Value!);

        Assert.True(result.IsValid);
        Assert.Equal("Asia/Tokyo", result.Value.Calendars["ny-business"].Definition.Zone.Id);
        Assert.Same(configuration.Calendars["berlin-business"], result.Value.Calendars["berlin-business"]);
    }

    [Fact]
    public void Redefining_24x7_is_refused()
    {
        using var json = JsonDocument.Parse("""{ "zone": "UTC", "windows": { "all": [["00:00", "24:00"]] } }""");

        Assert.Equal([""], ConfigurationDocument.ParseCalendar("24x7", json.RootElement).Errors.Select(e => e.Path));
    }
}

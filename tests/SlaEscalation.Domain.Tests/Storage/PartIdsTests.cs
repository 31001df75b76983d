using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Domain.Tests.Storage;

public sealed class PartIdsTests
{
    [Theory]
    [InlineData("support-us", true)]
    [InlineData("24x7", true)]
    [InlineData("a", true)]
    [InlineData("tier_2-emea", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("-support", false)]
    [InlineData("_support", false)]
    [InlineData("Support", false)]
    [InlineData("support us", false)]
    [InlineData("support.us", false)]
    [InlineData("support/us", false)]
    [InlineData("support:us", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData("a\u0000", false)]
    [InlineData("a\r\nX-Injected: 1", false)]
    public void Ids_follow_the_one_grammar(string id, bool valid) => Assert.Equal(valid, PartIds.IsValid(id));

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void Ids_are_at_most_63_characters(int length, bool valid) => Assert.Equal(valid, PartIds.IsValid(new string('a', length)));

    [Fact]
    public void A_document_names_every_id_outside_the_grammar_at_its_path()
    {
        var result = ConfigurationDocument.ParseYaml("""
            calendars:
              Office: { zone: UTC, windows: { mon: [["09:00", "17:00"]] } }
            teams:
              "support us": { zone: UTC, members: [ana] }
            policies:
              - { id: "p.1", targets: { high: { first_reply: { target: PT1H, calendar: 24x7 } } } }
            routing:
              - { id: "R", team: "support us" }
            runbooks:
              "rb/1": { levels: [{ trigger: breached, owner: assignee, actions: [notify] }] }
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["calendars.Office", "policies[0].id", "routing[0].id", "runbooks.rb/1", "teams.support us"],
            result.Errors.Where(e => e.Message.Contains(PartIds.Grammar, StringComparison.Ordinal)).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_team_member_longer_than_the_agent_column_is_refused_at_its_path()
    {
        var result = ConfigurationDocument.ParseJson($$$"""{"teams": {"t": {"zone": "UTC", "members": ["ana", "{{{new string('m', 151)}}}"] } } }""");

        Assert.False(result.IsValid);
        Assert.Equal([("teams.t.members[1]", "must be at most 150 characters, not 151")], result.Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void A_control_character_in_any_configuration_string_is_refused_at_its_path()
    {
        var result = ConfigurationDocument.ParseJson("""{"teams": {"t": {"zone": "UTC", "members": ["ana", "b\u0000b"], "lead": "l\u0007"}}}""");

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                ("teams.t.lead", "must not contain control characters (U+0007 at 1)"),
                ("teams.t.members[1]", "must not contain control characters (U+0000 at 1)"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)).Order());
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_configuration_value_or_key_is_an_error_not_a_crash()
    {
        var result = ConfigurationDocument.ParseJson("""
            {"teams": {"t": {"zone": "\ud800", "members": []}, "\udc00": {"zone": "UTC", "members": []}}}
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
            [("teams", "a key " + StoredText.NotUnicode), ("teams.t.zone", StoredText.NotUnicode)],
            result.Errors.Select(e => (e.Path, e.Message)).Order());
    }
}

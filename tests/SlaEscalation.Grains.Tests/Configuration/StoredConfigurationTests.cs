using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>Editing the stored document one part at a time, validated by the Domain.</summary>
public sealed class StoredConfigurationTests
{
    private const string Berlin = """{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","12:30"],["13:30","18:00"]]}}""";
    private const string PolicyOnBerlin = """[{"id":"eu","targets":{"high":{"first_reply":{"target":"PT4H","calendar":"berlin"}}}}]""";

    [Fact]
    public void A_calendar_put_into_the_empty_document_is_stored_canonically_and_reads_back()
    {
        var edit = StoredConfiguration.Empty.Replace(ConfigurationPartKind.Calendar, "berlin", """
            {
              // comments and trailing commas are tolerated, and dropped from what is stored
              "zone": "Europe/Berlin",
              "windows": { "mon-fri": [["08:00", "12:30"], ["13:30", "18:00"]] },
            }
            """);

        Assert.Equal(ConfigurationChangeOutcome.Applied, edit.Outcome);
        Assert.Null(edit.Before);
        Assert.Equal(Berlin, edit.After);
        Assert.Equal("{\"calendars\":{\"berlin\":" + Berlin + "}}", edit.Next!.Json);
        Assert.Equal(Berlin, edit.Next.Part(ConfigurationPartKind.Calendar, "berlin"));
        Assert.Equal(["24x7", "berlin"], edit.Next.Configuration.Calendars.Keys.Order(StringComparer.Ordinal));
        Assert.True(ConfigurationDocument.ParseJson(edit.Next.Json).IsValid);
    }

    [Theory]
    [InlineData("""{"policies":[]}""", ConfigurationChangeOutcome.Applied, """{"policies":[]}""")]
    [InlineData("""{"calendars":{"berlin":""" + Berlin + """},"policies":""" + PolicyOnBerlin + "}", ConfigurationChangeOutcome.Unchanged, null)]
    [InlineData("""{"policies":""" + PolicyOnBerlin + "}", ConfigurationChangeOutcome.Invalid, null)]
    public void The_whole_document_replaces_every_part_or_nothing(string document, ConfigurationChangeOutcome outcome, string? stored)
    {
        var current = Applied(Applied(StoredConfiguration.Empty.Replace(ConfigurationPartKind.Calendar, "berlin", Berlin))
            .Replace(ConfigurationPartKind.Policies, null, PolicyOnBerlin));

        var edit = current.Replace(ConfigurationPartKind.Document, null, document);

        Assert.Equal(outcome, edit.Outcome);
        Assert.Equal(stored, edit.Next?.Json);
        Assert.Equal(outcome == ConfigurationChangeOutcome.Invalid ? ["policies[0].targets.high.first_reply.calendar"] : [],
            edit.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Putting_a_part_exactly_as_stored_changes_nothing()
    {
        var stored = Applied(StoredConfiguration.Empty.Replace(ConfigurationPartKind.Calendar, "berlin", Berlin));

        var again = stored.Replace(ConfigurationPartKind.Calendar, "berlin", Berlin);

        Assert.Equal(ConfigurationChangeOutcome.Unchanged, again.Outcome);
        Assert.Null(again.Next);
        Assert.Equal(Berlin, again.Before);
    }

    [Fact]
    public void A_calendar_with_an_unknown_zone_and_a_bad_time_is_refused_naming_both_paths()
    {
        var edit = StoredConfiguration.Empty.Replace(ConfigurationPartKind.Calendar, "mars",
            """{"zone":"Mars/Olympus","windows":{"mon":[["09:00","25:00"]]}}""");

        Assert.Equal(ConfigurationChangeOutcome.Invalid, edit.Outcome);
        Assert.Null(edit.Next);
        Assert.Equal(["windows.mon[0]", "zone"], edit.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Overlapping_windows_are_refused_at_the_windows_path()
    {
        var edit = StoredConfiguration.Empty.Replace(ConfigurationPartKind.Calendar, "ny",
            """{"zone":"America/New_York","windows":{"mon":[["09:00","13:00"],["12:00","17:00"]]}}""");

        var error = Assert.Single(edit.Errors);
        Assert.Equal("windows", error.Path);
        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_naming_an_unknown_calendar_is_refused_at_its_target_path()
    {
        var edit = StoredConfiguration.Empty.Replace(ConfigurationPartKind.Policies, null, PolicyOnBerlin);

        var error = Assert.Single(edit.Errors);
        Assert.Equal("policies[0].targets.high.first_reply.calendar", error.Path);
        Assert.Equal("unknown calendar 'berlin'", error.Message);
    }

    [Fact]
    public void Malformed_json_is_refused_with_its_line()
    {
        var edit = StoredConfiguration.Empty.Replace(ConfigurationPartKind.Team, "eu", "{\n\"members\": [");

        var error = Assert.Single(edit.Errors);
        Assert.Equal("", error.Path);
        Assert.StartsWith("JSON syntax error at line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calendar_still_used_by_a_policy_cannot_be_deleted_and_an_unused_one_can()
    {
        var withBerlin = Applied(StoredConfiguration.Empty.Replace(ConfigurationPartKind.Calendar, "berlin", Berlin));
        var used = Applied(withBerlin.Replace(ConfigurationPartKind.Policies, null, PolicyOnBerlin));

        var refused = used.Remove(ConfigurationPartKind.Calendar, "berlin");
        var missing = used.Remove(ConfigurationPartKind.Calendar, "tokyo");
        var removed = withBerlin.Remove(ConfigurationPartKind.Calendar, "berlin");

        Assert.Equal(ConfigurationChangeOutcome.Invalid, refused.Outcome);
        Assert.Equal("policies[0].targets.high.first_reply.calendar", Assert.Single(refused.Errors).Path);
        Assert.Equal(ConfigurationChangeOutcome.NotFound, missing.Outcome);
        Assert.Equal(ConfigurationChangeOutcome.Applied, removed.Outcome);
        Assert.Equal(Berlin, removed.Before);
        Assert.Null(removed.After);
        Assert.Equal("{\"calendars\":{}}", removed.Next!.Json);
    }

    [Fact]
    public void The_example_configuration_parses_and_each_of_its_parts_reads_back_as_stored()
    {
        var example = StoredConfiguration.Parse(File.ReadAllText(RepositoryFiles.ExampleJson));

        Assert.True(example.IsValid, string.Join("; ", example.Errors));
        var stored = example.Value;
        Assert.Equal(stored.Json, StoredConfiguration.Parse(stored.Json).Value!.Json);
        Assert.Equal(ConfigurationChangeOutcome.Unchanged,
            stored.Replace(ConfigurationPartKind.Policies, null, stored.Part(ConfigurationPartKind.Policies, null)!).Outcome);
        Assert.Equal(ConfigurationChangeOutcome.Unchanged,
            stored.Replace(ConfigurationPartKind.Runbook, "standard", stored.Part(ConfigurationPartKind.Runbook, "standard")!).Outcome);
        Assert.Equal(4, stored.Configuration.Policies.Count);
    }

    private static StoredConfiguration Applied(ConfigurationEdit edit)
    {
        Assert.True(edit.Outcome == ConfigurationChangeOutcome.Applied, string.Join("; ", edit.Errors));
        return edit.Next!;
    }
}

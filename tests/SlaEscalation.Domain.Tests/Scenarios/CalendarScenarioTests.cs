using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Tests.Scenarios;

/// <summary>Every case of shared/scenarios/calendar-cases.json.</summary>
public sealed class CalendarScenarioTests
{
    private static readonly IReadOnlyDictionary<string, BusinessCalendar> Calendars = ScenarioFiles.Calendars();

    public static TheoryData<string, string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var c in ScenarioFiles.Load("calendar-cases.json").GetProperty("cases").EnumerateArray())
        {
            data.Add(
                c.GetProperty("why").GetString()!,
                c.GetProperty("calendar").GetString()!,
                c.GetProperty("start").GetString()!,
                c.GetProperty("target").GetString()!,
                c.GetProperty("deadline").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Deadline_is_the_hand_checked_instant(string why, string calendar, string start, string target, string deadline)
    {
        var actual = Calendars[calendar].AddBusinessTime(ScenarioFiles.Instant(start), ScenarioFiles.Duration(target));

        Assert.True(ScenarioFiles.Instant(deadline) == actual, $"{why}: expected {deadline}, got {actual}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Business_time_from_start_to_deadline_is_the_target(string why, string calendar, string start, string target, string deadline)
    {
        var elapsed = Calendars[calendar].BusinessTimeBetween(ScenarioFiles.Instant(start), ScenarioFiles.Instant(deadline));

        Assert.True(ScenarioFiles.Duration(target) == elapsed, $"{why}: expected {target}, got {elapsed}");
    }

    [Fact]
    public void Scenario_24x7_definition_parses_to_a_calendar_equal_to_the_built_in()
    {
        var definition = ScenarioFiles.Load("calendar-cases.json").GetProperty("calendars").GetProperty("24x7");
        var parsed = ConfigurationDocument.ParseCalendar("always", definition);

        Assert.True(parsed.IsValid);
        var start = ScenarioFiles.Instant("2026-05-01T00:00:00Z");
        Assert.Equal(ScenarioFiles.Instant("2026-05-09T03:00:00Z"), BusinessCalendar.Create(parsed.Value).AddBusinessTime(start, NodaTime.Duration.FromHours(195)));
    }
}

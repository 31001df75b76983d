using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Tests.Scenarios;

/// <summary>Loads the hand-checked scenario files copied next to the test assembly.</summary>
internal static class ScenarioFiles
{
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scenarios", name);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static Instant Instant(string text) => InstantPattern.ExtendedIso.Parse(text).GetValueOrThrow();

    public static Duration Duration(string text) => PeriodPattern.NormalizingIso.Parse(text).GetValueOrThrow().ToDuration();

    /// <summary>The calendars of calendar-cases.json, read through the same parser the API uses.</summary>
    public static IReadOnlyDictionary<string, BusinessCalendar> Calendars()
    {
        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var property in Load("calendar-cases.json").GetProperty("calendars").EnumerateObject())
        {
            if (property.Name == CalendarDefinition.AlwaysOpenId)
            {
                calendars[property.Name] = BusinessCalendar.AlwaysOpen;
                continue;
            }

            var parsed = ConfigurationDocument.ParseCalendar(property.Name, property.Value);
            Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
            calendars[property.Name] = BusinessCalendar.Create(parsed.Value);
        }

        return calendars;
    }
}

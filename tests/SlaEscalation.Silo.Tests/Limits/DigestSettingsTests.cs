using System.Text.Json;
using NodaTime;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Silo.Api.Digests;

namespace SlaEscalation.Silo.Tests.Limits;

/// <summary>The first day a team's digest is kept, and when the configuration's history says a team was added.</summary>
public sealed class DigestSettingsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-05", null, "2025-10-31")]          // 400 days back: the team's addition unknown
    [InlineData("2026-12-05", "2026-12-05", "2026-11-28")]  // added today: a week of backfill
    [InlineData("2026-12-05", "2026-06-01", "2026-05-25")]
    [InlineData("2026-12-05", "2025-01-01", "2025-10-31")]  // added before the window: the window wins
    [InlineData("2026-12-05", "2025-11-07", "2025-10-31")]  // a week before the addition is the window's first day
    [InlineData("2026-12-05", "2025-11-08", "2025-11-01")]
    public void The_first_day_kept_is_the_later_of_the_window_and_a_week_before_the_team(string today, string? added, string first)
    {
        static LocalDate Date(string text) => LocalDate.FromDateOnly(DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(Date(first), DigestSettings.Default.FirstDay(Date(today), added is null ? null : Date(added)));
    }

    [Fact]
    public void A_team_is_added_by_its_first_change_that_did_not_have_it_before()
    {
        ConfigurationChange[] history =
        [
            Document(1, before: null, after: ["support"]),
            Team(2, "platform", before: false, after: true),
            Team(3, "platform", before: true, after: false),
            Team(4, "platform", before: false, after: true),
            Document(5, before: ["support", "platform"], after: ["support", "platform", "billing"]),
            Change(6, ConfigurationPartKind.Policies, null, "[]", "[]"),
        ];

        Assert.Equal(
            [T0.AddHours(1), T0.AddHours(2), T0.AddHours(5), null],
            new[] { "support", "platform", "billing", "unknown" }.Select(t => TeamAdditions.AddedAt(history, t)));
    }

    [Fact]
    public void A_team_already_there_when_the_kept_history_begins_has_no_known_addition()
    {
        ConfigurationChange[] trimmed =
        [
            Team(501, "support", before: true, after: true),
            Document(502, before: ["platform"], after: ["platform", "billing"]),
        ];

        Assert.Equal(
            [null, null, T0.AddHours(502)],
            new[] { "support", "platform", "billing" }.Select(t => TeamAdditions.AddedAt(trimmed, t)));
    }

    private static ConfigurationChange Document(long version, string[]? before, string[] after) =>
        Change(version, ConfigurationPartKind.Document, null, before is null ? null : Teams(before), Teams(after));

    private static ConfigurationChange Team(long version, string id, bool before, bool after) =>
        Change(version, ConfigurationPartKind.Team, id, before ? """{"zone":"UTC"}""" : null, after ? """{"zone":"UTC"}""" : null);

    private static ConfigurationChange Change(long version, ConfigurationPartKind part, string? id, string? before, string? after) =>
        new(version, T0.AddHours(version), "test", part, id, before, after);

    private static string Teams(string[] ids) =>
        JsonSerializer.Serialize(new { teams = ids.ToDictionary(id => id, _ => new { zone = "UTC" }) });
}

using NodaTime;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Domain.Tests.Clocks;

/// <summary>Durations and instants as the board and Slack say them, never as .NET prints a TimeSpan or ISO-8601.</summary>
public sealed class HumanTimeTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(45.9, "45 s")]
    [InlineData(64, "1 min 4 s")]
    [InlineData(3723.456, "1 h 2 min")]
    [InlineData(3600, "1 h")]
    [InlineData(183_600, "2 d 3 h")]
    [InlineData(-90, "-1 min 30 s")]
    public void A_duration_reads_in_its_two_largest_units(double seconds, string expected)
    {
        Assert.Equal(expected, HumanTime.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void An_instant_reads_as_the_teams_local_time_with_its_offset_on_both_sides_of_a_dst_change()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

        Assert.Equal("2026-12-05 10:30 +01:00", HumanTime.Instant(new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero), berlin));
        Assert.Equal("2026-07-05 11:30 +02:00", HumanTime.Instant(new DateTimeOffset(2026, 7, 5, 9, 30, 0, TimeSpan.Zero), berlin));
        Assert.Equal("2026-12-05 09:30 +00:00", HumanTime.Instant(new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero), HumanTime.Zone(null)));
    }

    [Fact]
    public void The_iso_instants_of_a_next_action_read_in_the_teams_zone_and_the_rest_stays()
    {
        var text = "user:lena acknowledges level 2 by 2026-12-05T09:30:00.0000000+00:00; unacknowledged, level 3 (team_lead) is raised at 2026-12-05T10:00:00.0000000Z";

        Assert.Equal(
            "user:lena acknowledges level 2 by 2026-12-05 10:30 +01:00; unacknowledged, level 3 (team_lead) is raised at 2026-12-05 11:00 +01:00",
            HumanTime.InText(text, HumanTime.Zone("Europe/Berlin")));
    }
}

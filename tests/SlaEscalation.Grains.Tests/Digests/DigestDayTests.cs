using NodaTime;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>A team's local day and digest hour across daylight saving time changes.</summary>
public sealed class DigestDayTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static DigestTeam Team(int hour) => new("desk", NewYork, hour, Duration.FromHours(1));

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_spring_forward_day_has_23_hours_and_its_digest_is_due_at_the_hour_in_daylight_time()
    {
        var day = Team(8).Day(new LocalDate(2026, 3, 8));

        Assert.Equal((Utc(3, 8, 5), Utc(3, 9, 4)), (day.From, day.To));
        Assert.Equal(TimeSpan.FromHours(23), day.To - day.From);
        Assert.Equal(Utc(3, 9, 12), day.PublishAt);
        Assert.Equal("desk/2026-03-08", day.Key);
    }

    [Fact]
    public void The_fall_back_day_has_25_hours()
    {
        var day = Team(8).Day(new LocalDate(2026, 11, 1));

        Assert.Equal((Utc(11, 1, 4), Utc(11, 2, 5)), (day.From, day.To));
        Assert.Equal(Utc(11, 2, 13), day.PublishAt);
    }

    [Fact]
    public void A_digest_hour_the_zone_skips_moves_forward_by_the_gap_and_a_repeated_one_is_the_earlier()
    {
        // 02:00 on 2026-03-08 does not exist in New York: 03:00 EDT. 01:00 on 2026-11-01 happens twice: 01:00 EDT.
        Assert.Equal(Utc(3, 8, 7), Team(2).Day(new LocalDate(2026, 3, 7)).PublishAt);
        Assert.Equal(Utc(11, 1, 5), Team(1).Day(new LocalDate(2026, 10, 31)).PublishAt);
    }

    [Fact]
    public void The_latest_due_digest_is_yesterdays_once_the_hour_has_come_and_the_day_befores_until_then()
    {
        var team = Team(8);

        Assert.Equal(new LocalDate(2026, 3, 7), team.LatestDue(Utc(3, 9, 12).AddTicks(-1)));
        Assert.Equal(new LocalDate(2026, 3, 8), team.LatestDue(Utc(3, 9, 12)));
        Assert.Equal(new LocalDate(2026, 3, 8), team.DateOf(Utc(3, 9, 3)));
    }

    [Theory]
    [InlineData("2026-03-02", true)]
    [InlineData("2026-3-2", false)]
    [InlineData("2026-02-30", false)]
    [InlineData("20260302", false)]
    [InlineData("2026-03-02T00:00", false)]
    [InlineData("", false)]
    public void Dates_are_read_only_as_yyyy_MM_dd(string text, bool valid) =>
        Assert.Equal(valid, DigestDay.ParseDate(text) is not null);
}

using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Tests.Builders;
using static SlaEscalation.Domain.Tests.Builders.TicketHistoryBuilder;

namespace SlaEscalation.Domain.Tests.Calendars;

/// <summary>Hand-checked deadlines beyond the shared scenarios; the arithmetic is in each comment.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar NightShift = TestConfigurations.Calendar("""
        zone: Europe/London
        windows:
          mon-fri: [["22:00", "06:00"]]
        """);

    private static readonly BusinessCalendar NewYork = TestConfigurations.Calendar("""
        zone: America/New_York
        windows:
          mon-fri: [["09:00", "17:00"]]
        holidays: ["2026-07-03", "2026-12-25"]
        """);

    [Fact]
    public void Night_shift_runs_past_midnight_into_the_next_day()
    {
        // London in January is UTC. Monday's shift runs Mon 22:00 -> Tue 06:00. From Tue 05:00: 1h to 06:00,
        // then Tuesday's shift from 22:00: 2h more -> Wed 00:00.
        var deadline = NightShift.AddBusinessTime(At("2026-01-13T05:00:00Z"), Duration.FromHours(3));

        Assert.Equal(At("2026-01-14T00:00:00Z"), deadline);
    }

    [Fact]
    public void Friday_night_shift_ends_on_saturday_morning_and_the_next_starts_monday_night()
    {
        // Friday's shift runs Fri 22:00 -> Sat 06:00. From Sat 03:00: 3h to 06:00; nothing Saturday or Sunday
        // night; Monday 22:00 + 1h -> Mon 23:00.
        var deadline = NightShift.AddBusinessTime(At("2026-01-17T03:00:00Z"), Duration.FromHours(4));

        Assert.Equal(At("2026-01-19T23:00:00Z"), deadline);
    }

    [Fact]
    public void Window_starting_in_a_skipped_hour_opens_forward_by_the_gap()
    {
        var early = TestConfigurations.Calendar("""
            zone: America/New_York
            windows:
              all: [["02:30", "05:00"]]
            """);

        // 2026-03-08 02:00 EST jumps to 03:00 EDT, so 02:30 maps to 03:30 EDT (07:30Z); the window closes at
        // 05:00 EDT (09:00Z): 1h30 that day. From Sat 19:00 EST (Sun 00:00Z) a 2h target takes those 1h30 and
        // 30 minutes of Monday's window, which opens 02:30 EDT (06:30Z) -> 07:00Z.
        var deadline = early.AddBusinessTime(At("2026-03-08T00:00:00Z"), Duration.FromHours(2));

        Assert.Equal(At("2026-03-09T07:00:00Z"), deadline);
        Assert.Equal(Duration.FromMinutes(90), early.BusinessTimeBetween(At("2026-03-08T00:00:00Z"), At("2026-03-08T12:00:00Z")));
    }

    [Theory]
    [InlineData("2026-04-03T05:00:00Z", "2026-04-06T00:00:00Z")]
    [InlineData("2026-10-02T06:00:00Z", "2026-10-04T23:00:00Z")]
    public void Southern_hemisphere_dst_moves_monday_opening(string start, string expected)
    {
        var sydney = TestConfigurations.Calendar("""
            zone: Australia/Sydney
            windows:
              mon-fri: [["09:00", "17:00"]]
            """);

        // April: Fri 16:00 AEDT (+11) = 05:00Z; 1h Friday; DST ends Sun 5 April, so Monday opens 09:00 AEST
        // (+10) = Sun 23:00Z; +1h -> Mon 00:00Z. October: Fri 16:00 AEST = 06:00Z; 1h Friday; DST starts Sun
        // 4 October, so Monday opens 09:00 AEDT = Sun 22:00Z; +1h -> 23:00Z.
        Assert.Equal(At(expected), sydney.AddBusinessTime(At(start), Duration.FromHours(2)));
    }

    [Fact]
    public void Half_hour_zone_opens_on_the_half_hour()
    {
        var kolkata = TestConfigurations.Calendar("""
            zone: Asia/Kolkata
            windows:
              mon-fri: [["09:30", "18:00"]]
            """);

        // Mon 12:00Z = 17:30 IST (+05:30): 30 minutes to 18:00; Tuesday opens 09:30 IST = 04:00Z; +30m -> 04:30Z.
        Assert.Equal(At("2026-01-13T04:30:00Z"), kolkata.AddBusinessTime(At("2026-01-12T12:00:00Z"), Duration.FromHours(1)));
    }

    [Fact]
    public void Quarter_hour_zone_keeps_a_whole_day_window_in_one_piece()
    {
        var kathmandu = TestConfigurations.Calendar("""
            zone: Asia/Kathmandu
            windows:
              mon-fri: [["10:00", "17:00"]]
            """);

        // 10:00 NPT (+05:45) = 04:15Z; 7h -> 17:00 NPT = 11:15Z.
        Assert.Equal(At("2026-01-12T11:15:00Z"), kathmandu.AddBusinessTime(At("2026-01-12T04:15:00Z"), Duration.FromHours(7)));
    }

    [Fact]
    public void Target_of_a_week_is_168_business_hours()
    {
        // P1W = 168h of business time = 21 days of 8h. From Mon 5 Jan 09:00 EST: Jan 5-9, 12-16, 19-23, 26-30 are
        // 20 days (160h, no holiday, no DST change), then 8h on Mon 2 Feb -> 17:00 EST = 22:00Z.
        Assert.Equal(At("2026-02-02T22:00:00Z"), NewYork.AddBusinessTime(At("2026-01-05T14:00:00Z"), Duration.FromDays(7)));
    }

    [Fact]
    public void Multi_week_target_skips_a_holiday()
    {
        // From Mon 22 Jun 2026 09:00 EDT (13:00Z), 120h = 15 business days of 8h: Jun 22-26 (5), Jun 29-Jul 2 (4,
        // Fri 3 Jul is a holiday), Jul 6-10 (5), Mon 13 Jul (1) -> 17:00 EDT = 21:00Z.
        Assert.Equal(At("2026-07-13T21:00:00Z"), NewYork.AddBusinessTime(At("2026-06-22T13:00:00Z"), Duration.FromHours(120)));
    }

    [Fact]
    public void Start_inside_a_window_counts_only_what_is_left_of_it()
    {
        // Thu 2 Jul 16:00 EDT (20:00Z) to Mon 6 Jul 10:00 EDT (14:00Z): 1h Thursday, Friday a holiday, 1h Monday.
        Assert.Equal(Duration.FromHours(2), NewYork.BusinessTimeBetween(At("2026-07-02T20:00:00Z"), At("2026-07-06T14:00:00Z")));
    }

    [Fact]
    public void Zero_target_is_the_start_itself_even_outside_business_hours()
    {
        Assert.Equal(At("2026-03-07T15:00:00Z"), NewYork.AddBusinessTime(At("2026-03-07T15:00:00Z"), Duration.Zero));
    }

    [Fact]
    public void End_before_start_has_no_business_time()
    {
        Assert.Equal(Duration.Zero, NewYork.BusinessTimeBetween(At("2026-03-09T16:00:00Z"), At("2026-03-09T15:00:00Z")));
    }

    [Fact]
    public void Fall_back_night_counts_the_repeated_hour()
    {
        var allDay = TestConfigurations.Calendar("""
            zone: America/New_York
            windows:
              all: [["00:00", "24:00"]]
            """);

        // Sunday 1 Nov 2026 has 25 hours in New York: midnight EDT (04:00Z) to midnight EST (05:00Z next day).
        Assert.Equal(Duration.FromHours(25), allDay.BusinessTimeBetween(At("2026-11-01T04:00:00Z"), At("2026-11-02T05:00:00Z")));
    }

    [Fact]
    public void Instants_outside_the_supported_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewYork.AddBusinessTime(At("1969-12-31T00:00:00Z"), Duration.FromHours(1)));
    }
}

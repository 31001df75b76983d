using CsCheck;
using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Tests.Builders;

namespace SlaEscalation.Domain.Tests.Properties;

/// <summary>Laws every business calendar keeps, over zones with DST both ways, half-hour offsets and night shifts.</summary>
public sealed class CalendarProperties
{
    private static readonly BusinessCalendar[] Calendars =
    [
        TestConfigurations.Calendar("zone: America/New_York\nwindows:\n  mon-fri: [[\"09:00\", \"17:00\"]]\nholidays: [\"2026-07-03\", \"2026-12-25\", \"2027-01-01\"]"),
        TestConfigurations.Calendar("zone: Europe/London\nwindows:\n  mon-fri: [[\"09:00\", \"12:30\"], [\"13:30\", \"17:30\"]]"),
        TestConfigurations.Calendar("zone: Europe/Berlin\nwindows:\n  mon-thu: [[\"22:00\", \"06:00\"]]\n  sat: [[\"00:00\", \"24:00\"]]"),
        TestConfigurations.Calendar("zone: Australia/Sydney\nwindows:\n  all: [[\"01:30\", \"03:30\"], [\"09:00\", \"17:00\"]]\nholidays: [\"2026-04-06\"]"),
        TestConfigurations.Calendar("zone: America/New_York\nwindows:\n  sun: [[\"02:30\", \"05:00\"]]"),
        TestConfigurations.Calendar("zone: Asia/Kathmandu\nwindows:\n  sun-thu: [[\"10:00\", \"17:00\"]]"),
    ];

    private static readonly long From = (Instant.FromUtc(2025, 1, 1, 0, 0) - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
    private static readonly long To = (Instant.FromUtc(2028, 12, 31, 0, 0) - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    private static readonly Gen<Instant> Instants = Gen.Long[From, To].Select(n => NodaConstants.UnixEpoch.PlusNanoseconds(n));

    private static readonly Gen<Duration> Targets = Gen.OneOf(
        Gen.Long[1, Duration.FromHours(10).ToInt64Nanoseconds()],
        Gen.Long[1, Duration.FromDays(30).ToInt64Nanoseconds()],
        Gen.Int[1, 400].Select(m => m * NodaConstants.NanosecondsPerMinute * 15)).Select(Duration.FromNanoseconds);

    private static readonly Gen<BusinessCalendar> AnyCalendar = Gen.Int[0, Calendars.Length - 1].Select(i => Calendars[i]);

    [Fact]
    public void Business_time_between_start_and_deadline_equals_the_target_and_the_deadline_is_the_earliest_such_instant()
    {
        Gen.Select(AnyCalendar, Instants, Targets).Sample((calendar, start, target) =>
        {
            var deadline = calendar.AddBusinessTime(start, target);

            Assert.Equal(target, calendar.BusinessTimeBetween(start, deadline));
            Assert.True(calendar.BusinessTimeBetween(start, deadline - Duration.Epsilon) < target);
        }, iter: 3000);
    }

    [Fact]
    public void Deadline_is_monotonic_in_the_target()
    {
        Gen.Select(AnyCalendar, Instants, Targets, Targets).Sample((calendar, start, a, b) =>
        {
            var (shorter, longer) = a <= b ? (a, b) : (b, a);

            Assert.True(calendar.AddBusinessTime(start, shorter) <= calendar.AddBusinessTime(start, longer));
        }, iter: 2000);
    }

    [Fact]
    public void Business_time_adds_up_over_a_split_interval()
    {
        Gen.Select(AnyCalendar, Instants, Instants, Instants).Sample((calendar, x, y, z) =>
        {
            Instant[] sorted = [x, y, z];
            Array.Sort(sorted);

            Assert.Equal(
                calendar.BusinessTimeBetween(sorted[0], sorted[2]),
                calendar.BusinessTimeBetween(sorted[0], sorted[1]) + calendar.BusinessTimeBetween(sorted[1], sorted[2]));
        }, iter: 2000);
    }

    [Fact]
    public void Calendar_24x7_is_plain_arithmetic_whatever_the_zone()
    {
        var allDay = new[] { "UTC", "America/New_York", "Australia/Sydney", "Asia/Kathmandu", "Europe/London" }
            .Select(zone => TestConfigurations.Calendar($"zone: {zone}\nwindows:\n  all: [[\"00:00\", \"24:00\"]]"))
            .Append(BusinessCalendar.AlwaysOpen)
            .ToArray();

        Gen.Select(Gen.Int[0, allDay.Length - 1], Instants, Targets).Sample((index, start, target) =>
        {
            var calendar = allDay[index];

            Assert.Equal(start + target, calendar.AddBusinessTime(start, target));
            Assert.Equal(target, calendar.BusinessTimeBetween(start, start + target));
        }, iter: 2000);
    }
}

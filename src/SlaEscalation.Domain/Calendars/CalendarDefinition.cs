using NodaTime;

namespace SlaEscalation.Domain.Calendars;

/// <summary>
/// A business calendar as configured: an IANA zone, weekly windows (several per day allowed) and holidays
/// (local dates on which no window opens).
/// </summary>
public sealed record CalendarDefinition(
    string Id,
    DateTimeZone Zone,
    IReadOnlyList<BusinessWindow> Windows,
    IReadOnlyList<LocalDate> Holidays)
{
    /// <summary>The id of the built-in calendar that is always open.</summary>
    public const string AlwaysOpenId = "24x7";

    /// <summary>The built-in <c>24x7</c> calendar: every day 00:00-24:00 UTC, no holidays.</summary>
    public static CalendarDefinition AlwaysOpen { get; } = new(
        AlwaysOpenId,
        DateTimeZone.Utc,
        [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => new BusinessWindow(d, LocalTime.Midnight, LocalTime.Midnight))],
        []);

    /// <summary>
    /// Pairs of indexes into <see cref="Windows"/> that overlap on the weekly wall-time line (touching is fine).
    /// </summary>
    public IReadOnlyList<(int First, int Second)> FindOverlappingWindows()
    {
        const long weekNanos = 7 * NodaConstants.NanosecondsPerDay;
        var spans = new List<(long Start, long End, int Index)>(Windows.Count * 2);
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            var start = (((int)window.Day - 1) * NodaConstants.NanosecondsPerDay) + window.Start.NanosecondOfDay;
            var end = start + window.NominalLength.ToInt64Nanoseconds();
            spans.Add((start, end, i));

            // Sunday's night shift runs into Monday, the start of the next week.
            if (end > weekNanos)
            {
                spans.Add((start - weekNanos, end - weekNanos, i));
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var overlaps = new List<(int, int)>();
        for (var i = 0; i < spans.Count; i++)
        {
            for (var j = i + 1; j < spans.Count && spans[j].Start < spans[i].End; j++)
            {
                var pair = (Math.Min(spans[i].Index, spans[j].Index), Math.Max(spans[i].Index, spans[j].Index));
                if (pair.Item1 != pair.Item2 && !overlaps.Contains(pair))
                {
                    overlaps.Add(pair);
                }
            }
        }

        return overlaps;
    }
}

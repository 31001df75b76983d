using NodaTime;

namespace SlaEscalation.Domain.Calendars;

/// <summary>
/// One weekly business window in a calendar's local time. A window whose <see cref="End"/> is not after its
/// <see cref="Start"/> ends on the next day: <c>09:00-24:00</c> ends at the next midnight and a night shift
/// <c>22:00-06:00</c> ends the next morning. The window belongs to the day it starts on, so a holiday on that day
/// removes all of it.
/// </summary>
public sealed record BusinessWindow(IsoDayOfWeek Day, LocalTime Start, LocalTime End)
{
    /// <summary>True when the window ends on the day after <see cref="Day"/>.</summary>
    public bool EndsNextDay => End <= Start;

    /// <summary>The window's nominal length in wall time (DST may make a given day's physical length differ).</summary>
    public Duration NominalLength => EndsNextDay
        ? Duration.FromDays(1) - Duration.FromNanoseconds(Start.NanosecondOfDay - End.NanosecondOfDay)
        : Duration.FromNanoseconds(End.NanosecondOfDay - Start.NanosecondOfDay);
}

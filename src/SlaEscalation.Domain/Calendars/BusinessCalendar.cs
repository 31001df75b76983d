using NodaTime;
using NodaTime.TimeZones;

namespace SlaEscalation.Domain.Calendars;

/// <summary>
/// Business-time arithmetic over a <see cref="CalendarDefinition"/>: business time is physical time elapsed inside
/// the windows. Window bounds are local wall times: a skipped local time maps forward by the gap and an ambiguous
/// one to the earlier instant, so results are DST-correct instants.
/// </summary>
/// <remarks>
/// Instances are immutable and thread-safe; share one per calendar. The UTC business intervals of each week are
/// computed on first use and cached (a benign race may compute a week twice; both results are equal). Supported
/// instants run from 1970-01-05 to 2199-12-31 UTC.
/// </remarks>
public sealed class BusinessCalendar
{
    private const long WeekNanos = 7 * NodaConstants.NanosecondsPerDay;
    private const int PageBits = 8;
    private const int PageSize = 1 << PageBits;

    // 1970-01-05 was a Monday; weeks are counted from there in UTC (Unix nanoseconds cover 230 years from it).
    private static readonly long BaseNanos = UnixNanos.From(Instant.FromUtc(1970, 1, 5, 0, 0));
    private static readonly int WeekCount = (int)((UnixNanos.From(Instant.FromUtc(2200, 1, 1, 0, 0)) - BaseNanos) / WeekNanos);

    private readonly bool _alwaysOpen;
    private readonly BusinessWindow[][] _windowsByDay;
    private readonly HashSet<LocalDate> _holidays;
    private readonly WeekBlock?[]?[] _pages;

    private BusinessCalendar(CalendarDefinition definition, bool alwaysOpen)
    {
        Definition = definition;
        _alwaysOpen = alwaysOpen;
        _holidays = [.. definition.Holidays];
        _windowsByDay = new BusinessWindow[8][];
        for (var day = 0; day < _windowsByDay.Length; day++)
        {
            _windowsByDay[day] = [.. definition.Windows.Where(w => (int)w.Day == day)];
        }

        _pages = new WeekBlock?[]?[(WeekCount >> PageBits) + 1];
    }

    /// <summary>The built-in <c>24x7</c> calendar, where business time is plain elapsed time.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(CalendarDefinition.AlwaysOpen, alwaysOpen: true);

    public CalendarDefinition Definition { get; }

    public string Id => Definition.Id;

    /// <summary>Builds the calculator for a definition (validated by the configuration parser).</summary>
    public static BusinessCalendar Create(CalendarDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new BusinessCalendar(definition, alwaysOpen: false);
    }

    /// <summary>
    /// The earliest instant at which <paramref name="businessTime"/> of business time has elapsed since
    /// <paramref name="start"/>: the deadline of a target started at <paramref name="start"/>. Zero returns
    /// <paramref name="start"/>.
    /// </summary>
    public Instant AddBusinessTime(Instant start, Duration businessTime)
    {
        if (businessTime < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(businessTime), businessTime, "Business time cannot be negative.");
        }

        return UnixNanos.ToInstant(AddBusinessNanos(UnixNanos.From(start), businessTime.ToInt64Nanoseconds()));
    }

    /// <summary>Business time elapsed between two instants; zero when <paramref name="end"/> is not after <paramref name="start"/>.</summary>
    public Duration BusinessTimeBetween(Instant start, Instant end) =>
        Duration.FromNanoseconds(BusinessNanosBetween(UnixNanos.From(start), UnixNanos.From(end)));

    internal long AddBusinessNanos(long start, long remaining)
    {
        if (_alwaysOpen || remaining == 0)
        {
            return start + remaining;
        }

        var week = WeekOf(start);
        var block = Block(week);
        var from = start;
        while (true)
        {
            var starts = block.Starts;
            var ends = block.Ends;
            for (var i = 0; i < starts.Length; i++)
            {
                if (ends[i] <= from)
                {
                    continue;
                }

                var open = Math.Max(starts[i], from);
                var length = ends[i] - open;
                if (remaining <= length)
                {
                    return open + remaining;
                }

                remaining -= length;
            }

            // Whole weeks are skipped by their total: a multi-week target costs one step per week.
            block = Block(++week);
            while (remaining > block.Total)
            {
                remaining -= block.Total;
                block = Block(++week);
            }

            from = block.Start;
        }
    }

    internal long BusinessNanosBetween(long start, long end)
    {
        if (end <= start)
        {
            return 0;
        }

        if (_alwaysOpen)
        {
            return end - start;
        }

        var first = WeekOf(start);
        var last = WeekOf(end);
        var firstBlock = Block(first);
        if (first == last)
        {
            return firstBlock.Before(end) - firstBlock.Before(start);
        }

        var total = firstBlock.Total - firstBlock.Before(start);
        for (var week = first + 1; week < last; week++)
        {
            total += Block(week).Total;
        }

        return total + Block(last).Before(end);
    }

    private static int WeekOf(long nanos)
    {
        var offset = nanos - BaseNanos;
        if (offset < 0 || offset / WeekNanos >= WeekCount)
        {
            throw new ArgumentOutOfRangeException(nameof(nanos), UnixNanos.ToInstant(nanos), "Business calendars support instants from 1970-01-05 to 2199.");
        }

        return (int)(offset / WeekNanos);
    }

    private WeekBlock Block(int week)
    {
        if ((uint)week >= (uint)WeekCount)
        {
            throw new ArgumentOutOfRangeException(nameof(week), week, "Business calendars support instants from 1970-01-05 to 2199.");
        }

        var page = Volatile.Read(ref _pages[week >> PageBits]);
        if (page is null)
        {
            Interlocked.CompareExchange(ref _pages[week >> PageBits], new WeekBlock?[PageSize], null);
            page = Volatile.Read(ref _pages[week >> PageBits])!;
        }

        var block = Volatile.Read(ref page[week & (PageSize - 1)]);
        if (block is null)
        {
            Interlocked.CompareExchange(ref page[week & (PageSize - 1)], BuildBlock(week), null);
            block = Volatile.Read(ref page[week & (PageSize - 1)])!;
        }

        return block;
    }

    private WeekBlock BuildBlock(int week)
    {
        var from = BaseNanos + (week * WeekNanos);
        var to = from + WeekNanos;
        var spans = new List<(long Start, long End)>(16);

        // Zone offsets stay within a day and windows end at most a day after they start, so local dates from two
        // days before to one day after the UTC week cover every window that can reach into it.
        var firstDate = UnixNanos.ToInstant(from).InUtc().Date.PlusDays(-2);
        var lastDate = UnixNanos.ToInstant(to).InUtc().Date.PlusDays(1);
        for (var date = firstDate; date <= lastDate; date = date.PlusDays(1))
        {
            if (_holidays.Contains(date))
            {
                continue;
            }

            foreach (var window in _windowsByDay[(int)date.DayOfWeek])
            {
                var open = Math.Max(from, ToNanos(date + window.Start));
                var close = Math.Min(to, ToNanos((window.EndsNextDay ? date.PlusDays(1) : date) + window.End));
                if (open < close)
                {
                    spans.Add((open, close));
                }
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var starts = new List<long>(spans.Count);
        var ends = new List<long>(spans.Count);
        foreach (var (start, end) in spans)
        {
            // Windows that touch or overlap (a night shift meeting the next day's window, a DST fold) become one.
            if (ends.Count > 0 && start <= ends[^1])
            {
                ends[^1] = Math.Max(ends[^1], end);
            }
            else
            {
                starts.Add(start);
                ends.Add(end);
            }
        }

        return new WeekBlock(from, [.. starts], [.. ends]);
    }

    private long ToNanos(LocalDateTime local) =>
        UnixNanos.From(Definition.Zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant());
}

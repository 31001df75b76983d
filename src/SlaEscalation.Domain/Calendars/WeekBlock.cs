namespace SlaEscalation.Domain.Calendars;

/// <summary>
/// The business intervals of one UTC week, as Unix nanoseconds, sorted, merged and with a running total, so the
/// hot paths are array walks with no allocation and whole weeks can be skipped by their total.
/// </summary>
internal sealed class WeekBlock(long start, long[] starts, long[] ends)
{
    public long Start { get; } = start;

    public int Count => starts.Length;

    public long Total { get; } = Sum(starts, ends);

    public long[] Starts => starts;

    public long[] Ends => ends;

    /// <summary>Business nanoseconds in this week before <paramref name="t"/>.</summary>
    public long Before(long t)
    {
        var total = 0L;
        for (var i = 0; i < starts.Length && starts[i] < t; i++)
        {
            total += Math.Min(t, ends[i]) - starts[i];
        }

        return total;
    }

    private static long Sum(long[] starts, long[] ends)
    {
        var total = 0L;
        for (var i = 0; i < starts.Length; i++)
        {
            total += ends[i] - starts[i];
        }

        return total;
    }
}

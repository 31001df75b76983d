using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Clocks;

/// <summary>What an evaluation was derived from, so the next one can tell which of its clocks still hold.</summary>
internal sealed record EvaluationInputs(
    SlaConfiguration Configuration,
    IReadOnlyList<TicketEvent> Ordered,
    long Now,
    IReadOnlyDictionary<string, Instant>? RecordedBreaches)
{
    /// <summary>
    /// The instant before which every clock this evaluation found achieved is settled for an evaluation of
    /// <paramref name="ordered"/> at <paramref name="now"/>: the earliest event it did not apply (one appended
    /// after its history, or one it held that was still in the future). An achieved clock reads only the history up
    /// to its achievement, the events at that instant included, so one achieved strictly before then is the same
    /// in both. <see cref="long.MinValue"/> (nothing settled) unless the configuration and the recorded breaches are
    /// the same, <paramref name="now"/> is not earlier, and <paramref name="ordered"/> begins with the very events
    /// this one read: an event that arrived out of order lands among them, and everything is derived afresh.
    /// </summary>
    public long SettledBefore(SlaConfiguration configuration, IReadOnlyList<TicketEvent> ordered, long now, IReadOnlyDictionary<string, Instant>? recordedBreaches)
    {
        if (!ReferenceEquals(configuration, Configuration) || now < Now || ordered.Count < Ordered.Count || !SameBreaches(recordedBreaches))
        {
            return long.MinValue;
        }

        var settled = long.MaxValue;
        for (var i = 0; i < Ordered.Count; i++)
        {
            if (!ReferenceEquals(ordered[i], Ordered[i]))
            {
                return long.MinValue;
            }

            if (settled == long.MaxValue && UnixNanos.From(ordered[i].Time) > Now)
            {
                settled = UnixNanos.From(ordered[i].Time);
            }
        }

        return ordered.Count > Ordered.Count ? Math.Min(settled, UnixNanos.From(ordered[Ordered.Count].Time)) : settled;
    }

    private bool SameBreaches(IReadOnlyDictionary<string, Instant>? recordedBreaches)
    {
        if ((RecordedBreaches?.Count ?? 0) != (recordedBreaches?.Count ?? 0))
        {
            return false;
        }

        return recordedBreaches is null || recordedBreaches.All(b => RecordedBreaches!.TryGetValue(b.Key, out var at) && at == b.Value);
    }
}

namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// Puts a ticket's events into the one order the clocks read them in, whatever order they arrived in.
/// </summary>
/// <remarks>
/// Order: <see cref="TicketEvent.Time"/>; at equal times <see cref="TicketEventType"/> in declaration order
/// (created, updated, comment added); then <see cref="TicketEvent.Source"/> and <see cref="TicketEvent.Id"/>
/// compared ordinally. Events with the same (source, id) are one event: the first in that order is kept.
/// </remarks>
public static class TicketHistory
{
    /// <summary>Returns the events deduplicated and in canonical order.</summary>
    public static TicketEvent[] Order(IEnumerable<TicketEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events.ToArray();
        Array.Sort(ordered, Compare);
        return RemoveDuplicates(ordered);
    }

    /// <summary>The canonical order of two events.</summary>
    public static int Compare(TicketEvent? x, TicketEvent? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byTime = x.Time.CompareTo(y.Time);
        if (byTime != 0)
        {
            return byTime;
        }

        var byType = x.Type.CompareTo(y.Type);
        if (byType != 0)
        {
            return byType;
        }

        var bySource = string.CompareOrdinal(x.Source, y.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(x.Id, y.Id);
    }

    /// <summary>Up to this many events, duplicates are looked for by comparing each with those kept: no set to allocate.</summary>
    private const int ScannedForDuplicates = 32;

    private static TicketEvent[] RemoveDuplicates(TicketEvent[] ordered)
    {
        // A repeat may carry a different time (a retried send re-stamped), so duplicates need not be adjacent.
        HashSet<(string, string)>? seen = ordered.Length > ScannedForDuplicates ? new(ordered.Length) : null;
        var kept = 0;
        for (var i = 0; i < ordered.Length; i++)
        {
            if (seen?.Add((ordered[i].Source, ordered[i].Id)) ?? !KeptAlready(ordered, kept, ordered[i]))
            {
                ordered[kept++] = ordered[i];
            }
        }

        if (kept != ordered.Length)
        {
            Array.Resize(ref ordered, kept);
        }

        return ordered;
    }

    private static bool KeptAlready(TicketEvent[] ordered, int kept, TicketEvent candidate)
    {
        for (var j = 0; j < kept; j++)
        {
            if (string.Equals(ordered[j].Id, candidate.Id, StringComparison.Ordinal) && string.Equals(ordered[j].Source, candidate.Source, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

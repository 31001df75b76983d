using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// Whether a ticket's history holds an event with a record's source and id. A ticket's history is short and most
/// calls bring one event: a scan costs less than a set of every identity built for each call. A long history gets
/// its set once per activation, extended as the history grows.
/// </summary>
internal sealed class KnownEvents
{
    /// <summary>The history's length up to which a new event's identity is checked by a scan.</summary>
    private const int ScanLimit = 32;

    /// <summary>Identities of the first <see cref="count"/> events of a long history.</summary>
    private HashSet<(string Source, string Id)>? identities;
    private int count;

    public bool Contains(List<TicketEventRecord> history, TicketEventRecord record)
    {
        if (history.Count <= ScanLimit)
        {
            foreach (var known in history)
            {
                if (known.Id == record.Id && known.Source == record.Source)
                {
                    return true;
                }
            }

            return false;
        }

        if (identities is null || count > history.Count)
        {
            identities = [];
            count = 0;
        }

        for (; count < history.Count; count++)
        {
            identities.Add((history[count].Source, history[count].Id));
        }

        return identities.Contains((record.Source, record.Id));
    }
}

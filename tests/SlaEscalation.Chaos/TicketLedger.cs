namespace SlaEscalation.Chaos;

/// <summary>
/// What the run sent: each ticket's first-reply deadline, and how many of its events a gateway acknowledged with
/// 202 (durable) or never answered with 202 at all (they may or may not have been stored).
/// </summary>
public sealed class TicketLedger
{
    private readonly object gate = new();
    private readonly int[] acknowledged;
    private readonly int[] unacknowledged;

    public TicketLedger(DateTimeOffset firstDeadline, TimeSpan window, int tickets)
    {
        Deadlines = Enumerable.Range(0, tickets)
            .Select(i => firstDeadline + (window * i / tickets))
            .Select(d => DateTimeOffset.FromUnixTimeMilliseconds(d.ToUnixTimeMilliseconds()))
            .ToArray();
        acknowledged = new int[tickets];
        unacknowledged = new int[tickets];
    }

    public IReadOnlyList<DateTimeOffset> Deadlines { get; }

    public int Count => Deadlines.Count;

    public static string Key(int ticket) => $"chaos:{ticket}";

    public void Acknowledged(IEnumerable<int> tickets) => Add(acknowledged, tickets);

    public void NeverAcknowledged(IEnumerable<int> tickets) => Add(unacknowledged, tickets);

    public (int Acknowledged, int Unacknowledged) Events(int ticket)
    {
        lock (gate)
        {
            return (acknowledged[ticket], unacknowledged[ticket]);
        }
    }

    public int TotalAcknowledged
    {
        get
        {
            lock (gate)
            {
                return acknowledged.Sum();
            }
        }
    }

    public int TotalUnacknowledged
    {
        get
        {
            lock (gate)
            {
                return unacknowledged.Sum();
            }
        }
    }

    private void Add(int[] counts, IEnumerable<int> tickets)
    {
        lock (gate)
        {
            foreach (var ticket in tickets)
            {
                counts[ticket]++;
            }
        }
    }
}

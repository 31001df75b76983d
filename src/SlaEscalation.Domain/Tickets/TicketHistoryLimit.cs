namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// How long a ticket's stored history may grow. Every event is kept, because the clocks are derived again from the
/// whole history whenever the configuration changes and a policy simulation replays it under another one; the
/// limit keeps what one ticket can cost its silo (memory, and the state written with every event) bounded, and is
/// far above any real ticket, so that a ticket with 20,000 updates still gets exact clocks.
/// </summary>
public static class TicketHistoryLimit
{
    /// <summary>The most events one ticket keeps; further new events are refused.</summary>
    public const int MaxEvents = 25_000;

    /// <summary>
    /// How many of <paramref name="arriving"/> new (not duplicate) events a history of <paramref name="held"/> events
    /// takes, in arrival order; the rest are refused.
    /// </summary>
    public static int Admits(int held, int arriving)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(held);
        ArgumentOutOfRangeException.ThrowIfNegative(arriving);
        return Math.Min(arriving, Math.Max(0, MaxEvents - held));
    }
}

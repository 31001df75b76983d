using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// Tickets' histories read straight from where ticket state is stored, without activating the tickets: for work that
/// looks at many tickets once (a simulation), where an activation per ticket would hold every ticket read in memory
/// until it went idle.
/// </summary>
public interface ITicketHistoryReader
{
    /// <summary>
    /// Every accepted event of each ticket, as <see cref="ITicketGrain.GetHistoryAsync"/> would answer it, in the
    /// order of <paramref name="ticketKeys"/>; empty for a ticket nothing was stored for.
    /// </summary>
    Task<IReadOnlyList<TicketEventRecord>[]> ReadAsync(IReadOnlyList<string> ticketKeys, CancellationToken cancellationToken = default);
}

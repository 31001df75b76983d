using Orleans.Storage;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// Reads ticket histories through the grain storage the ticket grains write (PostgreSQL, or memory when embedded),
/// as the ticket grain's own activation would read them, but without one. Only this type knows how a ticket's state
/// holds its history.
/// </summary>
/// <remarks>
/// The reads of one call are issued together: the PostgreSQL storage carries reads that wait at the same moment in
/// one statement, so a page of tickets costs a statement or two, not a round trip each.
/// </remarks>
public sealed class StoredTicketHistory(IGrainFactory grains, IGrainStorage storage) : ITicketHistoryReader
{
    /// <summary>The state name the ticket grain stores under.</summary>
    public const string StateName = "slaTicket";

    public async Task<IReadOnlyList<TicketEventRecord>[]> ReadAsync(IReadOnlyList<string> ticketKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketKeys);
        return await Task.WhenAll(ticketKeys.Select(async key =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = new GrainState<TicketState>();
            await storage.ReadStateAsync(StateName, grains.GetGrain<ITicketGrain>(key).GetGrainId(), stored);
            return (IReadOnlyList<TicketEventRecord>)(stored.State?.Events ?? []);
        }));
    }
}

namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// One ticket: its events, owner and SLA clocks. Key = ticket key <c>{source}:{externalId}</c> (the colon keeps it
/// from ever being read as a hexadecimal number by the storage provider).
/// </summary>
[Alias("SlaEscalation.Contracts.Tickets.ITicketGrain")]
public interface ITicketGrain : IGrainWithStringKey
{
    /// <summary>Stores the events (duplicates by source and id ignored) and re-derives the clocks.</summary>
    [Alias("Apply")]
    Task<IngestOutcome> ApplyAsync(IReadOnlyList<TicketEventRecord> events);

    /// <summary>The ticket's owner and clocks; null when the ticket has no events.</summary>
    [Alias("Get")]
    Task<TicketView?> GetAsync();

    /// <summary>Re-derives the clocks under configuration version <paramref name="configurationVersion"/> or later.</summary>
    [Alias("Reprice")]
    Task RepriceAsync(long configurationVersion);
}

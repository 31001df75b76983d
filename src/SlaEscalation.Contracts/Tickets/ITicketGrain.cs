namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// One ticket: its events, owner and SLA clocks. Key = ticket key <c>{source}:{externalId}</c> (the colon keeps it
/// from ever being read as a hexadecimal number by the storage provider).
/// </summary>
[Alias("SlaEscalation.Contracts.Tickets.ITicketGrain")]
public interface ITicketGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the events (duplicates by source and id ignored) and re-derives the clocks; when the history has no
    /// room for all the new ones, stores none of them and counts them refused.
    /// </summary>
    [Alias("Apply")]
    Task<IngestOutcome> ApplyAsync(IReadOnlyList<TicketEventRecord> events);

    /// <summary>The ticket's owner and clocks; null when the ticket has no events.</summary>
    [Alias("Get")]
    Task<TicketView?> GetAsync();

    /// <summary>Re-derives the clocks under configuration version <paramref name="configurationVersion"/> or later.</summary>
    [Alias("Reprice")]
    Task RepriceAsync(long configurationVersion);

    /// <summary>
    /// Makes <paramref name="reassignment"/>'s owner the ticket's owner (the one source of truth for ownership), with
    /// <c>ticket.owner_changed</c> and an audit entry; returns the owner after. A repeat of the same cause changes
    /// nothing. A solved ticket keeps its owner.
    /// </summary>
    [Alias("Reassign")]
    Task<TicketOwner> ReassignAsync(OwnerReassignment reassignment);

    /// <summary>
    /// Appends <paramref name="fact"/> to the ticket's audit chain (the ticket is the chain's single writer);
    /// <paramref name="factKey"/> makes it idempotent, so a caller that retries after a crash records it once.
    /// </summary>
    [Alias("RecordAudit")]
    Task RecordAuditAsync(string factKey, Audit.AuditFact fact);

    /// <summary>
    /// Confirms that the ticket's follower handled these transitions, so they are not published again. Until then the
    /// ticket republishes them (a memory stream loses what a dying silo held). One-way: the follower has nothing to
    /// wait for, and a confirmation lost on the way only means the transitions are published and dropped as repeats.
    /// </summary>
    [Alias("Confirm")]
    [Orleans.Concurrency.OneWay]
    Task ConfirmAsync(IReadOnlyList<string> transitionIds);

    /// <summary>The ticket's fields, owner, clocks and recent public activity; null when the ticket has no events.</summary>
    [Alias("GetContext")]
    Task<TicketContext?> GetContextAsync();

    /// <summary>Every accepted event, in arrival order, for a read-only replay; changes nothing.</summary>
    [Alias("GetHistory")]
    Task<IReadOnlyList<TicketEventRecord>> GetHistoryAsync();

    /// <summary>
    /// Retention: forgets the ticket when it is solved and its latest event is older than <paramref name="quietBefore"/>,
    /// and nothing it owes is waiting (transitions, audit entries); returns whether the ticket is gone (true too when
    /// it held nothing). Its audit chain stays,
    /// and so does the chain's head, so a ticket that hears again continues its chain.
    /// </summary>
    [Alias("Forget")]
    Task<bool> ForgetAsync(DateTimeOffset quietBefore);

    /// <summary>
    /// How many of <paramref name="events"/> are new (not repeats) when the ticket's history has no room for all of
    /// them, which <see cref="ApplyAsync"/> would then refuse; 0 when they fit. Changes nothing: a batch of many
    /// tickets asks each first, so a refusal stores nothing of the batch.
    /// </summary>
    [Alias("Refuses")]
    Task<int> RefusesAsync(IReadOnlyList<TicketEventRecord> events);
}

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// The ticket list behind <c>GET /v1/tickets?sla=...&amp;team=...</c>: a table indexed by SLA state and team, written
/// by each ticket grain when what it shows changes, so listing never scans grains.
/// </summary>
public interface ITicketIndex
{
    Task UpsertAsync(TicketIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Tickets in <paramref name="slaState"/> (and <paramref name="team"/> when given), by key, after <paramref name="afterKey"/>.</summary>
    Task<IReadOnlyList<TicketIndexEntry>> ListAsync(string slaState, string? team, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Keys of tickets not solved, in key order, after <paramref name="afterKey"/>: what SLA repair walks.</summary>
    Task<IReadOnlyList<string>> ListOpenAsync(string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keys of tickets not solved, or whose entry changed at or after <paramref name="since"/>, in key order, after
    /// <paramref name="afterKey"/>: every ticket that can have been active since then (a solve writes the entry).
    /// </summary>
    Task<IReadOnlyList<string>> ListActiveSinceAsync(DateTimeOffset since, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many tickets <see cref="ListActiveSinceAsync"/> lists in all.</summary>
    Task<long> CountActiveSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Keys of solved tickets whose entry last changed before <paramref name="before"/>, in key order, after <paramref name="afterKey"/>: what retention walks.</summary>
    Task<IReadOnlyList<string>> ListSolvedBeforeAsync(DateTimeOffset before, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes the ticket's entry if it is still solved (a ticket that heard again keeps it).</summary>
    Task RemoveSolvedAsync(string key, CancellationToken cancellationToken = default);
}

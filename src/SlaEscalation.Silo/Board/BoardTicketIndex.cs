using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// The ticket index as grains see it, telling this silo's <see cref="BoardFeed"/> of each entry written: the index row
/// is what the Now page lists, so its changes are what the open boards must hear of.
/// </summary>
public sealed class BoardTicketIndex(ITicketIndex inner, BoardFeed feed) : ITicketIndex
{
    public async Task UpsertAsync(TicketIndexEntry entry, CancellationToken cancellationToken = default)
    {
        await inner.UpsertAsync(entry, cancellationToken);
        feed.Offer(entry);
    }

    public Task<IReadOnlyList<TicketIndexEntry>> ListAsync(string slaState, string? team, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
        inner.ListAsync(slaState, team, afterKey, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ListOpenAsync(string? afterKey, int limit, CancellationToken cancellationToken = default) =>
        inner.ListOpenAsync(afterKey, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ListActiveSinceAsync(DateTimeOffset since, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
        inner.ListActiveSinceAsync(since, afterKey, limit, cancellationToken);

    public Task<long> CountActiveSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        inner.CountActiveSinceAsync(since, cancellationToken);

    public Task<IReadOnlyList<string>> ListSolvedBeforeAsync(DateTimeOffset before, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
        inner.ListSolvedBeforeAsync(before, afterKey, limit, cancellationToken);

    // A solved ticket already left the board when it was solved, so its removal tells the boards nothing new.
    public Task RemoveSolvedAsync(string key, CancellationToken cancellationToken = default) =>
        inner.RemoveSolvedAsync(key, cancellationToken);
}

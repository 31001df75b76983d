using System.Collections.Concurrent;

namespace SlaEscalation.Grains.Tickets;

/// <summary>The ticket list of the embedded default: one silo, so one in-process map.</summary>
public sealed class InMemoryTicketIndex : ITicketIndex
{
    private readonly ConcurrentDictionary<string, TicketIndexEntry> entries = new(StringComparer.Ordinal);

    public Task UpsertAsync(TicketIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);

        // The same content again keeps the entry and its UpdatedAt, as the PostgreSQL index does.
        entries.AddOrUpdate(entry.Key, entry, (_, stored) => stored with { UpdatedAt = entry.UpdatedAt } == entry ? stored : entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListOpenAsync(string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> page = entries.Values
            .Where(e => e.SlaState != "solved" && (afterKey is null || string.CompareOrdinal(e.Key, afterKey) > 0))
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<string>> ListSolvedBeforeAsync(DateTimeOffset before, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> page = entries.Values
            .Where(e => e.SlaState == "solved" && e.UpdatedAt < before && (afterKey is null || string.CompareOrdinal(e.Key, afterKey) > 0))
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
        return Task.FromResult(page);
    }

    public Task RemoveSolvedAsync(string key, CancellationToken cancellationToken = default)
    {
        if (entries.TryGetValue(key, out var entry) && entry.SlaState == "solved")
        {
            entries.TryRemove(new KeyValuePair<string, TicketIndexEntry>(key, entry));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListActiveSinceAsync(DateTimeOffset since, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> page = entries.Values
            .Where(e => ActiveSince(e, since) && (afterKey is null || string.CompareOrdinal(e.Key, afterKey) > 0))
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
        return Task.FromResult(page);
    }

    public Task<long> CountActiveSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)entries.Values.Count(e => ActiveSince(e, since)));

    private static bool ActiveSince(TicketIndexEntry entry, DateTimeOffset since) => entry.SlaState != "solved" || entry.UpdatedAt >= since;

    public Task<IReadOnlyList<TicketIndexEntry>> ListAsync(string slaState, string? team, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TicketIndexEntry> page = entries.Values
            .Where(e => e.SlaState == slaState && (team is null || e.Team == team))
            .Where(e => afterKey is null || string.CompareOrdinal(e.Key, afterKey) > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
        return Task.FromResult(page);
    }
}

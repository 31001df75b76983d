using System.Collections.Concurrent;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>
/// The in-memory ledger, except that while <see cref="Lose"/> says so, facts are acknowledged and dropped: what a
/// memory stream does with the items a dying silo held. A recount must bring them back.
/// </summary>
public sealed class LossyDigestLedger(InMemoryDigestLedger inner) : IDigestLedger
{
    private readonly ConcurrentQueue<DigestFact> dropped = new();
    private volatile Func<DigestFact, bool>? lose;
    private int lost;

    /// <summary>Facts this predicate picks are dropped; null drops none.</summary>
    public Func<DigestFact, bool>? Lose
    {
        get => lose;
        set => lose = value;
    }

    /// <summary>While set, a write is stored at once and answered only when this completes (a slow commit's reply).</summary>
    public Task? HoldAnswers { get; set; }

    /// <summary>How many facts were dropped.</summary>
    public int Lost => lost;

    /// <summary>The facts dropped, in the order they came.</summary>
    public IReadOnlyList<DigestFact> Dropped => dropped.ToArray();

    public async Task<IReadOnlyList<DigestFact>> AddFactsAsync(IReadOnlyList<DigestFact> facts, CancellationToken cancellationToken = default)
    {
        var hold = HoldAnswers;
        var added = await StoreAsync(facts, cancellationToken);
        if (hold is not null)
        {
            await hold;
        }

        return added;
    }

    private Task<IReadOnlyList<DigestFact>> StoreAsync(IReadOnlyList<DigestFact> facts, CancellationToken cancellationToken)
    {
        var predicate = lose;
        if (predicate is null)
        {
            return inner.AddFactsAsync(facts, cancellationToken);
        }

        var kept = facts.Where(f => !predicate(f)).ToArray();
        foreach (var fact in facts.Where(predicate))
        {
            dropped.Enqueue(fact);
        }

        Interlocked.Add(ref lost, facts.Count - kept.Length);
        return inner.AddFactsAsync(kept, cancellationToken);
    }

    public Task<IReadOnlyList<DigestFact>> ReadFactsAsync(string team, string date, CancellationToken cancellationToken = default) =>
        inner.ReadFactsAsync(team, date, cancellationToken);

    public Task NoteTicketsAsync(IReadOnlyList<DigestTicketNote> notes, CancellationToken cancellationToken = default) =>
        inner.NoteTicketsAsync(notes, cancellationToken);

    public Task<DigestMeasurement> MeasureAsync(DigestMeasureRequest request, CancellationToken cancellationToken = default) =>
        inner.MeasureAsync(request, cancellationToken);

    public Task<IReadOnlyList<string>> ListTouchedTicketsAsync(string team, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        inner.ListTouchedTicketsAsync(team, since, cancellationToken);
}

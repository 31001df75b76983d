using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The digest ledger of the embedded default: one silo, so one in-process store next to the in-memory ticket index
/// and audit trail it measures and recounts from.
/// </summary>
public sealed class InMemoryDigestLedger(ITicketIndex index, IAuditTrail auditTrail) : IDigestLedger
{
    /// <summary>The SLA states of an open ticket in the ticket index.</summary>
    public static readonly IReadOnlyList<string> OpenStates = ["breached", "at_risk", "active", "paused", "none"];

    private const int Page = 1000;

    private readonly Dictionary<string, DigestFact> facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DigestTicketNote> notes = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task<IReadOnlyList<DigestFact>> AddFactsAsync(IReadOnlyList<DigestFact> facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        lock (gate)
        {
            IReadOnlyList<DigestFact> added = facts.Where(f => this.facts.TryAdd(f.FactId, f)).ToArray();
            return Task.FromResult(added);
        }
    }

    public Task<IReadOnlyList<DigestFact>> ReadFactsAsync(string team, string date, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<DigestFact> day = facts.Values.Where(f => f.Team == team && f.Date == date).ToArray();
            return Task.FromResult(day);
        }
    }

    public Task NoteTicketsAsync(IReadOnlyList<DigestTicketNote> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        lock (gate)
        {
            foreach (var note in notes)
            {
                this.notes[note.TicketKey] = this.notes.TryGetValue(note.TicketKey, out var known)
                    ? note.OwnerSequence > known.OwnerSequence ? note with { CreatedAt = known.CreatedAt } : known
                    : note;
            }
        }

        return Task.CompletedTask;
    }

    public async Task<DigestMeasurement> MeasureAsync(DigestMeasureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var open = new List<(TicketIndexEntry Entry, DigestTicketNote? Note)>();
        foreach (var state in OpenStates)
        {
            string? after = null;
            while (true)
            {
                var page = await index.ListAsync(state, request.Team, after, Page, cancellationToken);
                lock (gate)
                {
                    open.AddRange(page.Select(e => (e, notes.GetValueOrDefault(e.Key))));
                }

                if (page.Count < Page)
                {
                    break;
                }

                after = page[^1].Key;
            }
        }

        return DigestMeasure.Of(request, open.Select(o => new DigestOpenTicket(
            o.Entry.Key, o.Entry.Agent, o.Entry.SlaState, o.Entry.UpdatedAt, o.Note?.CreatedAt, o.Note?.UnassignedSince)));
    }

    public async Task<IReadOnlyList<string>> ListTouchedTicketsAsync(string team, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // One silo's worth of tickets: every ticket touched since then, whatever its team; the recount keeps the team's facts.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var state in OpenStates.Append("solved"))
        {
            string? after = null;
            while (true)
            {
                var page = await index.ListAsync(state, null, after, Page, cancellationToken);
                keys.UnionWith(page.Where(e => e.UpdatedAt >= since).Select(e => e.Key));
                if (page.Count < Page)
                {
                    break;
                }

                after = page[^1].Key;
            }
        }

        AuditCursor? cursor = null;
        do
        {
            var page = await auditTrail.QueryAsync(new AuditQuery(From: since, After: cursor, Limit: Page), cancellationToken);
            keys.UnionWith(page.Entries.Where(e => e.TicketKey is not null && e.ChainKey == e.TicketKey).Select(e => e.TicketKey!));
            cursor = page.Next;
        }
        while (cursor is not null);

        return keys.ToArray();
    }
}

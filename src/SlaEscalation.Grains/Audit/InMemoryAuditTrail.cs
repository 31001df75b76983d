using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>The audit trail of the embedded default: one silo, so one in-process store, gone when it stops.</summary>
/// <param name="anchorKey">The key that signs each append's anchors (<see cref="AuditAnchors"/>); null: none are made.</param>
public sealed class InMemoryAuditTrail(AuditAnchorKey? anchorKey = null) : IAuditTrail
{
    private readonly Dictionary<string, List<AuditEntry>> chains = new(StringComparer.Ordinal);
    private readonly List<AuditAnchor> anchors = [];
    private readonly Lock gate = new();

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        AuditChain.EnsureAppendable(entries);
        lock (gate)
        {
            if (!chains.TryGetValue(entries[0].ChainKey, out var chain))
            {
                chain = [];
                chains.Add(entries[0].ChainKey, chain);
            }

            var fresh = AuditChain.Fresh(entries, sequence => sequence <= chain.Count ? chain[(int)sequence - 1] : null);
            chain.AddRange(fresh);
            if (anchorKey is not null && fresh.Count > 0)
            {
                anchors.AddRange(AuditAnchors.Extend(anchorKey, anchors.Count > 0 ? anchors[^1] : null, fresh));
            }
        }

        return Task.CompletedTask;
    }

    public Task<AuditChainHead?> ReadHeadAsync(string chainKey, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(chains.TryGetValue(chainKey, out var chain) && chain.Count > 0 ? AuditChainHead.Of(chain[^1]) : null);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadChainAsync(string chainKey, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<AuditEntry> page = chains.TryGetValue(chainKey, out var chain)
                ? chain.Where(e => e.Sequence > afterSequence).Take(limit).ToArray()
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            var matching = chains.Values
                .SelectMany(chain => chain)
                .Where(query.Matches)
                .Select(entry => (Entry: entry, Position: AuditCursor.Of(entry)))
                .Where(e => query.After is null || e.Position.CompareTo(query.After) > 0)
                .OrderBy(e => e.Position)
                .Take(query.Limit + 1)
                .ToArray();
            var page = matching.Take(query.Limit).Select(e => e.Entry).ToArray();
            return Task.FromResult(new AuditPage(page, matching.Length > query.Limit ? AuditCursor.Of(page[^1]) : null));
        }
    }

    public Task<AuditVerification> VerifyAsync(string? chainKey = null, CancellationToken cancellationToken = default)
    {
        var anchorVerifier = anchorKey is null ? null : new AuditAnchorVerifier(anchorKey);
        var verifier = new AuditChainVerifier(anchorVerifier);
        lock (gate)
        {
            anchors.ForEach(a => anchorVerifier?.Add(a));
            foreach (var (key, chain) in chains.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (chainKey is null || key == chainKey)
                {
                    chain.ForEach(verifier.Add);
                }
            }
        }

        return Task.FromResult(verifier.Complete(chainKey));
    }
}

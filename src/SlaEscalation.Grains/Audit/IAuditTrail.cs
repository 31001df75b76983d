using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// The append-only audit trail: in PostgreSQL when durable (table <c>sla_audit</c>), in memory on the embedded
/// default. Each chain has one writer (a ticket grain, or an <see cref="IAuditChainGrain"/>); the trail refuses
/// anything that would fork, gap or rewrite a chain. With an <see cref="AuditAnchorKey"/>, each append also anchors the
/// heads of the chains it grows, by <see cref="AuditAnchors.Extend"/>.
/// </summary>
public interface IAuditTrail
{
    /// <summary>
    /// Appends one chain's consecutive entries; the first one's sequence is the expected next (made by
    /// <see cref="AuditChain.Next"/>). Idempotent for retries: an entry identical to the one already stored at its
    /// sequence is skipped. Throws <see cref="AuditConflictException"/> when a different entry is there, or when the
    /// first entry does not follow the chain's stored head.
    /// </summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The chain's last stored entry as a head; null when the chain is empty.</summary>
    Task<AuditChainHead?> ReadHeadAsync(string chainKey, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> entries of a chain after sequence <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadChainAsync(string chainKey, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Entries of every chain matching <paramref name="query"/>, ordered by time, chain and sequence.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks every chain (or only <paramref name="chainKey"/>) and reports each broken one; a trail with an anchor key
    /// also checks its anchor chain and each chain against its anchored head (<see cref="AuditAnchors"/>).
    /// </summary>
    Task<AuditVerification> VerifyAsync(string? chainKey = null, CancellationToken cancellationToken = default);
}

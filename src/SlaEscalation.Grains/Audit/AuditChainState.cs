using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// What the single writer of a chain keeps in its durable grain state: the chain's head and the entries recorded but
/// not yet confirmed in the audit trail (an outbox).
/// </summary>
/// <remarks>
/// Use: <see cref="Record"/> what happened, write grain state, then <see cref="FlushAsync"/>. An entry is durable in
/// the grain's state before the trail sees it, so a crash or an unavailable trail loses nothing: the next flush
/// appends it again, and appending an entry the trail already holds is a no-op.
/// </remarks>
[GenerateSerializer, Alias("SlaEscalation.Grains.Audit.AuditChainState")]
public sealed class AuditChainState
{
    /// <summary>The chain's last entry; null before the first.</summary>
    [Id(0)] public AuditChainHead? Head { get; set; }

    /// <summary>Entries recorded but not yet confirmed appended, oldest first.</summary>
    [Id(1)] public List<AuditEntry> Pending { get; set; } = [];

    /// <summary>Makes <paramref name="fact"/> the chain's next entry and holds it for <see cref="FlushAsync"/>.</summary>
    public AuditEntry Record(string chainKey, AuditFact fact)
    {
        var entry = AuditChain.Next(chainKey, Head, fact);
        Pending.Add(entry);
        Head = AuditChainHead.Of(entry);
        return entry;
    }

    /// <summary>Appends the pending entries to <paramref name="trail"/>; they stay pending if it fails.</summary>
    public async Task FlushAsync(IAuditTrail trail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trail);
        if (Pending.Count == 0)
        {
            return;
        }

        var batch = Pending.ToArray();
        await trail.AppendAsync(batch, cancellationToken);
        Pending.RemoveRange(0, batch.Length);
    }
}

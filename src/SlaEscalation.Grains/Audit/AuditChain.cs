using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>Makes the next entry of a chain from its head, and checks what is offered to an audit trail.</summary>
public static class AuditChain
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>
    /// The entry after <paramref name="head"/> (the first when null) recording <paramref name="fact"/>. The time is
    /// cut to the microsecond in UTC, as PostgreSQL stores it, so the hash still holds once read back.
    /// </summary>
    public static AuditEntry Next(string chainKey, AuditChainHead? head, AuditFact fact)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainKey);
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentException.ThrowIfNullOrEmpty(fact.Actor, nameof(fact));
        var utc = fact.At.ToUniversalTime();
        var at = new DateTimeOffset(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), TimeSpan.Zero);
        var unhashed = new AuditEntry(
            chainKey, (head?.Sequence ?? 0) + 1, at, fact.ActorKind, fact.Actor, fact.TicketKey, fact.Action,
            fact.Before, fact.After, fact.CausedBy, head?.Hash, string.Empty);
        return unhashed with { Hash = AuditHash.Compute(unhashed) };
    }

    /// <summary>
    /// Throws unless <paramref name="entries"/> are one chain's consecutive entries, each intact and linked to the one
    /// before it: a trail stores only entries a chain writer made.
    /// </summary>
    public static void EnsureAppendable(IReadOnlyList<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("nothing to append", nameof(entries));
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Sequence < 1 || !AuditHash.IsIntact(entry) || (entry.Sequence == 1) != (entry.PreviousHash is null))
            {
                throw new ArgumentException($"entry {entry.ChainKey}#{entry.Sequence} is not a chain entry: its hash or link is wrong", nameof(entries));
            }

            if (i > 0 && (entry.ChainKey != entries[0].ChainKey || entry.Sequence != entries[i - 1].Sequence + 1 || entry.PreviousHash != entries[i - 1].Hash))
            {
                throw new ArgumentException($"entry {entry.ChainKey}#{entry.Sequence} does not follow {entries[i - 1].ChainKey}#{entries[i - 1].Sequence}", nameof(entries));
            }
        }
    }
}

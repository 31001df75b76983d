using System.Diagnostics.CodeAnalysis;
using System.Text;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Grains.Audit;

/// <summary>Makes the next entry of a chain from its head, and checks what is offered to an audit trail.</summary>
public static class AuditChain
{
    /// <summary>The longest actor (and on-behalf-of name) an entry keeps: what <c>sla_audit.actor</c> holds.</summary>
    public const int MaxActorLength = StoredLimits.Actor;

    /// <summary>What ends an actor cut to <see cref="MaxActorLength"/>.</summary>
    public const char CutMarker = '\u2026';

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>
    /// The entry after <paramref name="head"/> (the first when null) recording <paramref name="fact"/>. The time is
    /// cut to the microsecond in UTC, as PostgreSQL stores it, so the hash still holds once read back.
    /// </summary>
    /// <remarks>
    /// An entry waits in its writer's outbox until the trail takes it, and every later entry waits behind it, so it
    /// must be one a trail can never refuse for its data: an actor (or on-behalf-of name) longer than <see cref="MaxActorLength"/> is cut
    /// and ends in <see cref="CutMarker"/>, and a NUL or a lone surrogate in any text (which PostgreSQL text, and the
    /// hash, refuse) becomes U+FFFD. The hash covers the entry as made, so the chain verifies.
    /// </remarks>
    public static AuditEntry Next(string chainKey, AuditChainHead? head, AuditFact fact)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainKey);
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentException.ThrowIfNullOrEmpty(fact.Actor, nameof(fact));
        var utc = fact.At.ToUniversalTime();
        var at = new DateTimeOffset(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), TimeSpan.Zero);
        var unhashed = new AuditEntry(
            chainKey, (head?.Sequence ?? 0) + 1, at, fact.ActorKind, Cut(Storable(fact.Actor)), fact.TicketKey, fact.Action,
            Storable(fact.Before), Storable(fact.After), Storable(fact.CausedBy), head?.Hash, string.Empty,
            fact.OnBehalfOf is null ? null : Cut(Storable(fact.OnBehalfOf)));
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

            if (entry.Actor.Length > MaxActorLength || entry.OnBehalfOf?.Length > MaxActorLength)
            {
                throw new ArgumentException($"entry {entry.ChainKey}#{entry.Sequence} has an actor or on-behalf-of name longer than {MaxActorLength} characters", nameof(entries));
            }

            if (i > 0 && (entry.ChainKey != entries[0].ChainKey || entry.Sequence != entries[i - 1].Sequence + 1 || entry.PreviousHash != entries[i - 1].Hash))
            {
                throw new ArgumentException($"entry {entry.ChainKey}#{entry.Sequence} does not follow {entries[i - 1].ChainKey}#{entries[i - 1].Sequence}", nameof(entries));
            }
        }
    }

    /// <summary>
    /// The entries of an append (<see cref="EnsureAppendable"/> passed) that the chain does not hold yet, given
    /// <paramref name="storedAt"/>: the entry the chain holds at a sequence, or null. Each entry the chain holds
    /// already must be the same entry, and none may follow a new one; the first new entry must follow the chain's
    /// entry just before it (a chain starts at sequence 1). An append of entries all held already is a retry and
    /// stores nothing.
    /// </summary>
    /// <exception cref="AuditConflictException">The chain holds a different entry, or the append would fork or leave a gap.</exception>
    public static IReadOnlyList<AuditEntry> Fresh(IReadOnlyList<AuditEntry> entries, Func<long, AuditEntry?> storedAt)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(storedAt);
        var fresh = new List<AuditEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (storedAt(entry.Sequence) is { } existing)
            {
                if (existing != entry || fresh.Count > 0)
                {
                    throw new AuditConflictException($"audit chain {entry.ChainKey} already holds a different entry at sequence {entry.Sequence}");
                }
            }
            else if (fresh.Count == 0 && entry.Sequence > 1 && storedAt(entry.Sequence - 1)?.Hash != entry.PreviousHash)
            {
                throw new AuditConflictException($"entry {entry.Sequence} does not follow the stored head of audit chain {entry.ChainKey}");
            }
            else
            {
                fresh.Add(entry);
            }
        }

        return fresh;
    }

    /// <summary><paramref name="actor"/> cut to <see cref="MaxActorLength"/>, never between the halves of a pair.</summary>
    private static string Cut(string actor)
    {
        if (actor.Length <= MaxActorLength)
        {
            return actor;
        }

        var keep = MaxActorLength - 1;
        if (char.IsHighSurrogate(actor[keep - 1]))
        {
            keep--;
        }

        return string.Concat(actor.AsSpan(0, keep), CutMarker.ToString());
    }

    /// <summary><paramref name="text"/> with each NUL and lone surrogate replaced by U+FFFD.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    private static string? Storable(string? text)
    {
        if (text is null)
        {
            return null;
        }

        StringBuilder? storable = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                storable?.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                storable ??= new StringBuilder(text, 0, i, text.Length);
                storable.Append('\uFFFD');
            }
            else
            {
                storable?.Append(c);
            }
        }

        return storable?.ToString() ?? text;
    }
}

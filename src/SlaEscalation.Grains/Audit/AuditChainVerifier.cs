using System.Globalization;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// Checks chains one entry at a time, in (chain, sequence) order, so a store can stream any number of entries
/// through it. Each chain is reported once, at its first bad entry.
/// </summary>
/// <remarks>
/// Per entry, in this order: the sequence follows the previous one (else <see cref="AuditBreakKind.Gap"/>), the
/// entry's fields give its stored hash (else <see cref="AuditBreakKind.HashMismatch"/>), and its previous hash is the
/// stored hash before it (else <see cref="AuditBreakKind.BrokenLink"/>). An edited entry whose hash was recomputed
/// shows as a broken link at the entry after it. Given the anchors (<paramref name="anchors"/>, read first), each
/// intact chain must end exactly at its anchored head: deleted newest entries show as
/// <see cref="AuditBreakKind.Truncated"/>, a deleted chain as <see cref="AuditBreakKind.Deleted"/>, entries written
/// around the trail as <see cref="AuditBreakKind.Unanchored"/>.
/// </remarks>
public sealed class AuditChainVerifier(AuditAnchorVerifier? anchors = null)
{
    private readonly List<AuditChainBreak> broken = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private string? chain;
    private long lastSequence;
    private string? lastHash;
    private string? hashAtAnchor;
    private bool chainBroken;
    private int chains;
    private int unanchored;
    private long entries;

    /// <summary>Checks the next entry; entries come grouped by chain, in sequence order within it.</summary>
    public void Add(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Next(entry.ChainKey, entry.Sequence, entry.Hash, () => Check(entry));
    }

    /// <summary>
    /// Counts a stored entry that cannot even be read as one (an action or actor kind that is no wire name): it was
    /// changed after it was written, so it breaks its chain like any other edit.
    /// </summary>
    public void AddUnreadable(string chainKey, long sequence, string hash, string reason) =>
        Next(chainKey, sequence, hash, () => Break(sequence, AuditBreakKind.HashMismatch, $"the entry cannot be read ({reason}): it was changed after it was written"));

    private void Next(string chainKey, long sequence, string hash, Action check)
    {
        entries++;
        if (!string.Equals(chainKey, chain, StringComparison.Ordinal))
        {
            CloseChain();
            chain = chainKey;
            chains++;
            seen.Add(chainKey);
            lastSequence = 0;
            lastHash = null;
            hashAtAnchor = null;
            chainBroken = false;
        }

        if (anchors?.Heads.GetValueOrDefault(chainKey) is { } anchored && anchored.Sequence == sequence)
        {
            hashAtAnchor = hash;
        }

        if (!chainBroken)
        {
            if (sequence != lastSequence + 1)
            {
                Break(sequence > lastSequence + 1 ? lastSequence + 1 : sequence, AuditBreakKind.Gap, sequence > lastSequence + 1
                    ? string.Create(CultureInfo.InvariantCulture, $"sequence {lastSequence + 1} is missing: the next entry stored is {sequence}")
                    : string.Create(CultureInfo.InvariantCulture, $"sequence {sequence} comes after {lastSequence}"));
            }
            else
            {
                check();
            }
        }

        lastSequence = sequence;
        lastHash = hash;
    }

    /// <summary>
    /// What was checked and every broken chain. Every anchored chain not read is reported deleted, unless
    /// <paramref name="onlyChain"/> says which one chain was read.
    /// </summary>
    public AuditVerification Complete(string? onlyChain = null)
    {
        CloseChain();
        chain = null;
        if (anchors is null)
        {
            return new AuditVerification(chains, entries, broken.ToArray());
        }

        foreach (var (chainKey, head) in anchors.Heads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if ((onlyChain is null || chainKey == onlyChain) && !seen.Contains(chainKey))
            {
                broken.Add(new AuditChainBreak(chainKey, 1, AuditBreakKind.Deleted, string.Create(CultureInfo.InvariantCulture,
                    $"the chain is anchored at sequence {head.Sequence} but holds no entries: it was deleted")));
            }
        }

        var all = anchors.Broken is { } anchorBreak ? [anchorBreak, .. broken] : broken.ToArray();
        return new AuditVerification(chains, entries, all, anchors.AnchorsChecked, anchors.Latest, unanchored);
    }

    /// <summary>Compares the chain just read, if intact, with its anchored head.</summary>
    private void CloseChain()
    {
        if (chain is null || anchors is null || chainBroken)
        {
            return;
        }

        if (anchors.Heads.GetValueOrDefault(chain) is not { } anchored)
        {
            unanchored++;
        }
        else if (lastSequence < anchored.Sequence)
        {
            Break(lastSequence + 1, AuditBreakKind.Truncated, string.Create(CultureInfo.InvariantCulture,
                $"the chain ends at sequence {lastSequence} but is anchored at {anchored.Sequence}: its newest entries were deleted"));
        }
        else if (!string.Equals(hashAtAnchor, anchored.Hash, StringComparison.Ordinal))
        {
            Break(anchored.Sequence, AuditBreakKind.Unanchored, string.Create(CultureInfo.InvariantCulture,
                $"entry {anchored.Sequence} is not the entry its anchor records: the chain was rewritten"));
        }
        else if (lastSequence > anchored.Sequence)
        {
            Break(anchored.Sequence + 1, AuditBreakKind.Unanchored, string.Create(CultureInfo.InvariantCulture,
                $"the chain is anchored at sequence {anchored.Sequence} but holds entries up to {lastSequence}: they were not appended through the trail"));
        }
    }

    private void Check(AuditEntry entry)
    {
        if (!AuditHash.IsIntact(entry))
        {
            Break(entry.Sequence, AuditBreakKind.HashMismatch, "the entry's fields do not give its stored hash: it was changed after it was written");
        }
        else if (!string.Equals(entry.PreviousHash, lastHash, StringComparison.Ordinal))
        {
            Break(entry.Sequence, AuditBreakKind.BrokenLink, entry.Sequence == 1
                ? "the first entry names a previous hash"
                : string.Create(CultureInfo.InvariantCulture, $"its previous hash is not the stored hash of entry {lastSequence}"));
        }
    }

    private void Break(long sequence, AuditBreakKind kind, string detail)
    {
        broken.Add(new AuditChainBreak(chain!, sequence, kind, detail));
        chainBroken = true;
    }
}

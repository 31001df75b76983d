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
/// shows as a broken link at the entry after it. Deleting a chain's last entries leaves a shorter valid chain: the
/// writer's remembered head is what shows that.
/// </remarks>
public sealed class AuditChainVerifier
{
    private readonly List<AuditChainBreak> broken = [];
    private string? chain;
    private long lastSequence;
    private string? lastHash;
    private bool chainBroken;
    private int chains;
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
            chain = chainKey;
            chains++;
            lastSequence = 0;
            lastHash = null;
            chainBroken = false;
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

    /// <summary>What was checked and every broken chain.</summary>
    public AuditVerification Complete() => new(chains, entries, broken.ToArray());

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

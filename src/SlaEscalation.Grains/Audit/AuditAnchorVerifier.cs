using System.Globalization;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// Checks the anchor chain one anchor at a time, in sequence order, and collects the head each chain was last
/// anchored at. Anchors after the first bad one are not trusted: the heads are those anchored before it.
/// </summary>
public sealed class AuditAnchorVerifier(AuditAnchorKey key)
{
    private readonly Dictionary<string, AuditChainHead> heads = new(StringComparer.Ordinal);
    private AuditAnchor? last;
    private long checkedCount;

    /// <summary>How many anchors were read.</summary>
    public long AnchorsChecked => checkedCount;

    /// <summary>The last anchor that verified; null when none did.</summary>
    public AuditAnchor? Latest => last;

    /// <summary>Where the anchor chain first goes wrong; null while it is intact.</summary>
    public AuditChainBreak? Broken { get; private set; }

    /// <summary>Each anchored chain's head, as the last anchor that verified records it.</summary>
    public IReadOnlyDictionary<string, AuditChainHead> Heads => heads;

    /// <summary>Checks the next anchor; anchors come in sequence order.</summary>
    public void Add(AuditAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        checkedCount++;
        if (Broken is not null)
        {
            return;
        }

        var expected = (last?.Sequence ?? 0) + 1;
        var problem = anchor.Sequence != expected
            ? (anchor.Sequence > expected ? expected : anchor.Sequence, AuditBreakKind.Gap, string.Create(CultureInfo.InvariantCulture, $"anchor {expected} is missing: the next anchor stored is {anchor.Sequence}"))
            : !string.Equals(anchor.Digest, AuditAnchors.Digest(key, anchor), StringComparison.Ordinal)
                ? (anchor.Sequence, AuditBreakKind.AnchorForged, "the anchor's digest is not the one the anchor key gives: it was changed, or made without the key")
            : !string.Equals(anchor.PreviousDigest, last?.Digest, StringComparison.Ordinal)
                ? (anchor.Sequence, AuditBreakKind.BrokenLink, "its previous digest is not the digest of the anchor before it")
            : ((long, AuditBreakKind, string)?)null;
        if (problem is var (sequence, kind, detail))
        {
            Broken = new AuditChainBreak(AuditAnchors.ChainName, sequence, kind, detail);
            return;
        }

        heads[anchor.ChainKey] = new AuditChainHead(anchor.ChainSequence, anchor.ChainHash);
        last = anchor;
    }
}

namespace SlaEscalation.Grains.Audit;

/// <summary>Why a chain is broken at an entry.</summary>
public enum AuditBreakKind
{
    /// <summary>The entry's fields do not give its stored hash: it was edited.</summary>
    HashMismatch,

    /// <summary>The entry's previous hash is not the stored hash of the entry before it.</summary>
    BrokenLink,

    /// <summary>Sequence numbers skip: an entry is missing (deleted, or the chain does not start at 1).</summary>
    Gap,

    /// <summary>The chain ends before the head its anchor records: its newest entries were deleted.</summary>
    Truncated,

    /// <summary>The chain is anchored but holds no entries: it was deleted.</summary>
    Deleted,

    /// <summary>
    /// The chain holds entries after its anchored head, or another entry at it: they were written around the trail.
    /// </summary>
    Unanchored,

    /// <summary>An anchor's digest is not the one the anchor key gives: it was changed, or made without the key.</summary>
    AnchorForged,
}

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
}

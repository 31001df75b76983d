namespace SlaEscalation.Grains.Audit;

/// <summary>A broken chain: where it first goes wrong and why.</summary>
/// <param name="ChainKey">The chain.</param>
/// <param name="FirstBadSequence">The first sequence number that does not verify (for a gap, the missing one).</param>
/// <param name="Kind">Why.</param>
/// <param name="Detail">One sentence for a person.</param>
public sealed record AuditChainBreak(string ChainKey, long FirstBadSequence, AuditBreakKind Kind, string Detail);

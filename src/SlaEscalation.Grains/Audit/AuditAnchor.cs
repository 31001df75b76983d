namespace SlaEscalation.Grains.Audit;

/// <summary>
/// One signed record of a chain's head, itself a link of the trail's one anchor chain
/// (<see cref="AuditAnchors"/>).
/// </summary>
/// <param name="Sequence">The anchor's place in the anchor chain, from 1 without gaps.</param>
/// <param name="ChainKey">The audit chain whose head it records.</param>
/// <param name="ChainSequence">That chain's last sequence when the anchor was made.</param>
/// <param name="ChainHash">That chain's last hash when the anchor was made.</param>
/// <param name="PreviousDigest">The digest of anchor <c>Sequence - 1</c>; null for the first.</param>
/// <param name="Digest">The HMAC over every other field, keyed by the <see cref="AuditAnchorKey"/>.</param>
public sealed record AuditAnchor(long Sequence, string ChainKey, long ChainSequence, string ChainHash, string? PreviousDigest, string Digest);

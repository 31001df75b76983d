namespace SlaEscalation.Grains.Audit;

/// <summary>The result of checking chains: how much was checked and every broken chain, by chain key.</summary>
/// <param name="ChainsChecked">Chains read.</param>
/// <param name="EntriesChecked">Entries read.</param>
/// <param name="Broken">Every broken chain (the anchor chain as <see cref="AuditAnchors.ChainName"/>).</param>
/// <param name="AnchorsChecked">Anchors read; 0 when anchors were not checked (no key).</param>
/// <param name="LatestAnchor">The last anchor that verified; null when none did or anchors were not checked.</param>
/// <param name="UnanchoredChains">Chains with no anchor: written before anchoring began, or without a key.</param>
public sealed record AuditVerification(
    int ChainsChecked,
    long EntriesChecked,
    IReadOnlyList<AuditChainBreak> Broken,
    long AnchorsChecked = 0,
    AuditAnchor? LatestAnchor = null,
    int UnanchoredChains = 0)
{
    public bool IsIntact => Broken.Count == 0;
}

namespace SlaEscalation.Grains.Audit;

/// <summary>The result of checking chains: how much was checked and every broken chain, by chain key.</summary>
public sealed record AuditVerification(int ChainsChecked, long EntriesChecked, IReadOnlyList<AuditChainBreak> Broken)
{
    public bool IsIntact => Broken.Count == 0;
}

namespace SlaEscalation.Contracts.Audit;

/// <summary>
/// The single writer of one audit chain that no ticket owns (<see cref="AuditChains"/>), keyed by the chain's name.
/// It keeps the chain's head in durable state, so callers only say what happened.
/// </summary>
[Alias("SlaEscalation.Contracts.Audit.IAuditChainGrain")]
public interface IAuditChainGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends <paramref name="fact"/> as the chain's next entry and returns it once it is in the audit trail. If the
    /// trail is unavailable the call fails, but the entry is already in the grain's state and is appended first on
    /// the next call or activation: nothing recorded is lost.
    /// </summary>
    [Alias("Append")]
    Task<AuditEntry> AppendAsync(AuditFact fact);
}

namespace SlaEscalation.Contracts.Audit;

/// <summary>
/// The audit chains that no ticket owns, each written by one <see cref="IAuditChainGrain"/>. Their names hold no
/// <c>:</c>, so they can never be a ticket key (<c>{source}:{externalId}</c>), and letters that are not hexadecimal
/// digits, so grain storage never reads them as numbers.
/// </summary>
public static class AuditChains
{
    /// <summary>Changes of the SLA configuration (<c>config_changed</c>).</summary>
    public const string Configuration = "config";

    /// <summary>
    /// Refused requests of ticket events (<c>event_rejected</c>). One chain for all adapters: refusals are rare, and
    /// one writer keeps them in one order.
    /// </summary>
    public const string RejectedEvents = "rejected-events";

    /// <summary>Whether <paramref name="chainKey"/> can be a chain that no ticket owns (a ticket key holds a <c>:</c>).</summary>
    public static bool IsSystemChain(string chainKey) =>
        !string.IsNullOrEmpty(chainKey) && !chainKey.Contains(':', StringComparison.Ordinal);
}

using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>The last entry of a chain, as its writer remembers it: enough to make the next entry.</summary>
/// <param name="Sequence">The last entry's sequence number.</param>
/// <param name="Hash">The last entry's hash.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Audit.AuditChainHead")]
public sealed record AuditChainHead([property: Id(0)] long Sequence, [property: Id(1)] string Hash)
{
    public static AuditChainHead Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditChainHead(entry.Sequence, entry.Hash);
    }
}

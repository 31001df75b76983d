using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>The digest ledger of the embedded default.</summary>
public sealed class InMemoryDigestLedgerTests : DigestLedgerContractTests
{
    protected override Task<(IDigestLedger Ledger, ITicketIndex Index, IAuditTrail Trail)> CreateAsync()
    {
        var index = new InMemoryTicketIndex();
        var trail = new InMemoryAuditTrail();
        return Task.FromResult<(IDigestLedger, ITicketIndex, IAuditTrail)>((new InMemoryDigestLedger(index, trail), index, trail));
    }
}

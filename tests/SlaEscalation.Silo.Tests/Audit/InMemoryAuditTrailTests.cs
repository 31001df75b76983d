using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Silo.Tests.Audit;

public sealed class InMemoryAuditTrailTests : AuditTrailContractTests
{
    protected override Task<IAuditTrail> CreateAsync() => Task.FromResult<IAuditTrail>(new InMemoryAuditTrail());
}

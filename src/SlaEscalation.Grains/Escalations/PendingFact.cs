using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Escalations;

/// <summary>An audit fact waiting to be recorded on its ticket's chain; <see cref="Key"/> makes recording it idempotent.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Escalations.PendingFact")]
public sealed record PendingFact([property: Id(0)] string Key, [property: Id(1)] AuditFact Fact);

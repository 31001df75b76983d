namespace SlaEscalation.Silo.Api.Audit;

/// <summary>A page of <c>GET /v1/audit</c>; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record AuditEntriesPage(IReadOnlyList<AuditEntryView> Entries, string? Next);

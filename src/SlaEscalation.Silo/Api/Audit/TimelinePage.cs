namespace SlaEscalation.Silo.Api.Audit;

/// <summary>A page of a ticket's timeline, oldest first; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record TimelinePage(string Ticket, IReadOnlyList<AuditEntryView> Entries, long? Next);

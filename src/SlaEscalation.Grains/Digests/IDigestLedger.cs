using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Where digests keep what they count and read what they measure: PostgreSQL when durable (tables
/// <c>sla_digest_fact</c> and <c>sla_digest_ticket</c>, joined with the ticket index and the audit trail), memory on
/// the embedded default. A fact is stored once per id, whoever records it and however often.
/// </summary>
public interface IDigestLedger
{
    /// <summary>Stores the facts whose ids are not stored yet; returns those, in the order given.</summary>
    Task<IReadOnlyList<DigestFact>> AddFactsAsync(IReadOnlyList<DigestFact> facts, CancellationToken cancellationToken = default);

    /// <summary>Every fact of one team's day.</summary>
    Task<IReadOnlyList<DigestFact>> ReadFactsAsync(string team, string date, CancellationToken cancellationToken = default);

    /// <summary>Notes tickets' creation and owner (see <see cref="DigestTicketNote"/> for what replaces what).</summary>
    Task NoteTicketsAsync(IReadOnlyList<DigestTicketNote> notes, CancellationToken cancellationToken = default);

    /// <summary>
    /// The team's open backlog by age and at risk, and its open exceptions (without an agent past the limit, paused
    /// and unchanged too long, breached and still open), from the ticket index as it is now.
    /// </summary>
    Task<DigestMeasurement> MeasureAsync(DigestMeasureRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every ticket whose durable records changed at or after <paramref name="since"/> and that may have been the
    /// team's then: what a recount of a day reads. Any transition a ticket emits comes with such a change (an audit
    /// entry or a ticket index update), so no ticket with a fact since then is left out.
    /// </summary>
    Task<IReadOnlyList<string>> ListTouchedTicketsAsync(string team, DateTimeOffset since, CancellationToken cancellationToken = default);
}

namespace SlaEscalation.Contracts.Audit;

/// <summary>
/// One append-only audit entry, chained by hash to the previous entry of its chain: a ticket's chain is keyed by the
/// ticket key, the other chains by a fixed name (<see cref="AuditChains"/>). <see cref="Hash"/> covers every other
/// field, <see cref="PreviousHash"/> included, so editing, deleting or reordering entries shows.
/// </summary>
/// <param name="ChainKey">The chain: a ticket key, or a name from <see cref="AuditChains"/>.</param>
/// <param name="Sequence">The entry's place in its chain, from 1 without gaps.</param>
/// <param name="At">When it happened, in UTC, to the microsecond (what PostgreSQL keeps).</param>
/// <param name="ActorKind">Who did it: the system, a user or an adapter.</param>
/// <param name="Actor">The actor's name: the authenticated principal, or the part of the system.</param>
/// <param name="TicketKey">The ticket it is about; null when none.</param>
/// <param name="Action">What happened.</param>
/// <param name="Before">JSON text before; null when nothing was.</param>
/// <param name="After">JSON text after; null when nothing is.</param>
/// <param name="CausedBy">The id of the event (or change) that caused it; null when none.</param>
/// <param name="PreviousHash">The hash of entry <c>Sequence - 1</c>; null for the first entry.</param>
/// <param name="Hash">Lower-case hex SHA-256 of the entry's canonical encoding (<c>AuditHash</c> in the grains).</param>
/// <param name="OnBehalfOf">Whom the actor said it acted for (a command's <c>by</c>); null when it acted for itself.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Audit.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string ChainKey,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] AuditActorKind ActorKind,
    [property: Id(4)] string Actor,
    [property: Id(5)] string? TicketKey,
    [property: Id(6)] AuditAction Action,
    [property: Id(7)] string? Before,
    [property: Id(8)] string? After,
    [property: Id(9)] string? CausedBy,
    [property: Id(10)] string? PreviousHash,
    [property: Id(11)] string Hash,
    [property: Id(12)] string? OnBehalfOf = null);

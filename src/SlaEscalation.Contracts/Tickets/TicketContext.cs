namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// What a ticket tells the parts that act on it (escalations, engineering tasks): its fields, owner, clocks and the
/// recent public activity.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.TicketContext")]
public sealed record TicketContext(
    [property: Id(0)] string Key,
    [property: Id(1)] string? Subject,
    [property: Id(2)] string? Requester,
    [property: Id(3)] string? Organization,
    [property: Id(4)] string? CustomerTier,
    [property: Id(5)] string Priority,
    [property: Id(6)] string Status,
    [property: Id(7)] bool IsSolved,
    [property: Id(8)] string? PolicyId,
    [property: Id(9)] TicketOwner Owner,
    [property: Id(10)] IReadOnlyList<MetricView> Metrics,
    [property: Id(11)] IReadOnlyList<TicketActivity> RecentPublicActivity);

/// <summary>One public step of a ticket's history: its creation, a field change, or a public comment.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.TicketActivity")]
public sealed record TicketActivity(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] string Type,
    [property: Id(2)] string? AuthorRole,
    [property: Id(3)] string Summary);

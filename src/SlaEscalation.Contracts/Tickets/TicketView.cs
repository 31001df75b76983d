namespace SlaEscalation.Contracts.Tickets;

/// <summary>A ticket with its owner and SLA clocks (GET /v1/tickets/{key}).</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.TicketView")]
public sealed record TicketView(
    [property: Id(0)] string Key,
    [property: Id(1)] string? Status,
    [property: Id(2)] string? Priority,
    [property: Id(3)] string? PolicyId,
    [property: Id(4)] TicketOwner Owner,
    [property: Id(5)] IReadOnlyList<MetricView> Metrics,
    [property: Id(6)] DateTimeOffset? NextWakeUp,
    [property: Id(7)] long ConfigurationVersion,
    [property: Id(8)] int EventCount,
    [property: Id(9)] IReadOnlyList<EmittedTransitionView> Transitions);

namespace SlaEscalation.Contracts.Tickets;

/// <summary>Progress of SLA repair.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.RepricingStatus")]
public sealed record RepricingStatus(
    [property: Id(0)] long CompletedVersion,
    [property: Id(1)] long TargetVersion,
    [property: Id(2)] long TicketsRepriced,
    [property: Id(3)] string? Cursor);

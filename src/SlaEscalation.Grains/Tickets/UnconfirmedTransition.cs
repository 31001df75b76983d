using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>A transition published on the bus and not yet confirmed by its follower.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Tickets.UnconfirmedTransition")]
public sealed record UnconfirmedTransition(
    [property: Id(0)] SlaTransition Transition,
    [property: Id(1)] DateTimeOffset PublishedAt);

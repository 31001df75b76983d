namespace SlaEscalation.Grains.Tickets;

/// <summary>A transition the ticket has emitted: when, the instant it marks, and under which configuration.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Tickets.EmittedTransition")]
public sealed record EmittedTransition(
    [property: Id(0)] DateTimeOffset EmittedAt,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long ConfigurationVersion);

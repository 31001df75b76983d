namespace SlaEscalation.Contracts.Tickets;

/// <summary>A transition the ticket emitted: the instant it marks, and when the ticket emitted it.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.EmittedTransitionView")]
public sealed record EmittedTransitionView(
    [property: Id(0)] string TransitionId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] DateTimeOffset EmittedAt);

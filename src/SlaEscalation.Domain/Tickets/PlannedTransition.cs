using NodaTime;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Domain.Tickets;

/// <summary>A transition the ticket is to emit.</summary>
/// <param name="Key">Its key within the ticket (<see cref="TransitionKey"/>); emitted at most once.</param>
/// <param name="Kind">What it announces.</param>
/// <param name="At">The instant it marks.</param>
/// <param name="Instance">The clock it belongs to; null for lifecycle and owner transitions.</param>
/// <param name="OnTime">For an achievement, whether on time (<see cref="OnTimeJudgement"/>); null otherwise.</param>
public sealed record PlannedTransition(
    string Key,
    TicketTransitionKind Kind,
    Instant At,
    MetricInstance? Instance = null,
    bool? OnTime = null);

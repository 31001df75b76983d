using NodaTime;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Clocks;

/// <summary>Everything the SLA engine derives from a ticket's history at one instant.</summary>
/// <param name="Ticket">The ticket's fields as of the evaluation instant.</param>
/// <param name="PolicyId">The policy that applies now; null when none matches.</param>
/// <param name="Metrics">Every metric instance: first_reply, next_reply cycles, periodic_update cycles, resolution.</param>
/// <param name="NextWakeUp">
/// The earliest instant after the evaluation instant at which the result can change without a new event: an
/// at-risk or breach threshold of a running clock, or a known event dated later. Null when nothing is pending.
/// </param>
public sealed record TicketSlaEvaluation(
    TicketSnapshot Ticket,
    string? PolicyId,
    IReadOnlyList<MetricInstance> Metrics,
    Instant? NextWakeUp)
{
    /// <summary>
    /// The earliest instant after the evaluation instant at which the result changes other than by the elapsed time
    /// of running clocks: <see cref="NextWakeUp"/>, or earlier when a cancelled clock that still runs reaches a
    /// threshold of the target it last had (which needs no wake-up). Null when nothing is pending.
    /// </summary>
    public Instant? HoldsUntil { get; init; }

    /// <summary>What it was derived from: lets the next evaluation of a longer history keep its settled clocks.</summary>
    internal EvaluationInputs? Inputs { get; init; }
}

using NodaTime;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Domain.Tickets;

/// <summary>What the ticket list shows of a ticket's clocks.</summary>
/// <param name="State">The most pressing state among its clocks.</param>
/// <param name="NextDeadline">The earliest deadline of a clock still running or at risk; null when none is.</param>
public sealed record TicketSummary(TicketSummaryState State, Instant? NextDeadline)
{
    /// <summary>Summarises an evaluation: solved wins, then breached, at risk, active, paused, none.</summary>
    public static TicketSummary Of(TicketSlaEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        bool breached = false, atRisk = false, active = false, paused = false;
        Instant? nextDeadline = null;
        foreach (var metric in evaluation.Metrics)
        {
            breached |= metric.State == MetricState.Breached && metric.AchievedAt is null;
            atRisk |= metric.State == MetricState.AtRisk;
            active |= metric.State == MetricState.Active;
            paused |= metric.State == MetricState.Paused;
            if (metric.State is MetricState.Active or MetricState.AtRisk && metric.Deadline is { } deadline && (nextDeadline is null || deadline < nextDeadline))
            {
                nextDeadline = deadline;
            }
        }

        var state = evaluation.Ticket.IsSolved ? TicketSummaryState.Solved
            : breached ? TicketSummaryState.Breached
            : atRisk ? TicketSummaryState.AtRisk
            : active ? TicketSummaryState.Active
            : paused ? TicketSummaryState.Paused
            : TicketSummaryState.None;

        // The Unix epoch is no real deadline: the list shows none rather than a date in 1970.
        return new TicketSummary(state, nextDeadline == default(Instant) ? null : nextDeadline);
    }
}

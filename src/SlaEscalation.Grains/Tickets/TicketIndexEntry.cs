using System.Text.Json.Serialization;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// What the ticket list shows of a ticket. <see cref="SlaState"/> summarises its clocks now: <c>breached</c> (a
/// breached clock not yet achieved), <c>at_risk</c>, <c>active</c>, <c>paused</c>, <c>none</c>, or <c>solved</c>.
/// </summary>
/// <remarks>
/// <see cref="Metric"/>, <see cref="MetricDeadline"/> and <see cref="PolicyId"/> travel with the entry as its ticket
/// writes it (the live board draws them), not in the stored row: a list read from the store leaves them null, and the
/// API's ticket list does not show them.
/// </remarks>
/// <param name="Key">The ticket key.</param>
/// <param name="Team">The owning team.</param>
/// <param name="Agent">The assigned agent, if any.</param>
/// <param name="Status">The ticket's status (wire name).</param>
/// <param name="SlaState">The summary of its clocks: breached, at_risk, active, paused, none or solved.</param>
/// <param name="NextDeadline">The earliest deadline of a clock still running or at risk.</param>
/// <param name="UpdatedAt">When the ticket wrote the entry.</param>
/// <param name="Metric">The clock a list counts down to (<see cref="UrgentMetric"/>), when one has a deadline.</param>
/// <param name="MetricDeadline">That clock's deadline.</param>
/// <param name="PolicyId">The policy the ticket's clocks run under.</param>
public sealed record TicketIndexEntry(
    string Key,
    string Team,
    string? Agent,
    string Status,
    string SlaState,
    DateTimeOffset? NextDeadline,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore] string? Metric = null,
    [property: JsonIgnore] DateTimeOffset? MetricDeadline = null,
    [property: JsonIgnore] string? PolicyId = null)
{
    /// <summary>
    /// The clock a list counts down to: of the metrics in <paramref name="slaState"/>, the one with the soonest
    /// deadline (a breached one for a breached ticket); null when none has a deadline.
    /// </summary>
    public static MetricView? UrgentMetric(IEnumerable<MetricView> metrics, string slaState) =>
        metrics.Where(m => m.State == slaState && m.Deadline is not null).OrderBy(m => m.Deadline).FirstOrDefault();
}

using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// When a metric's clock stood still because of the ticket's status: a pause status of the policy in force (pending,
/// on hold, as configured), or solved and closed. Hours outside the metric's calendar are not among them: they are
/// the calendar's, not the ticket's.
/// </summary>
public static class ClockPauses
{
    /// <summary>
    /// The spans between <paramref name="from"/> and <paramref name="to"/> in which <paramref name="metric"/>'s
    /// clock was stopped by the ticket's status, oldest first, touching spans joined. A span's policy is the one in
    /// force when its status began.
    /// </summary>
    public static IReadOnlyList<(Instant From, Instant To)> Of(
        SlaConfiguration configuration, IEnumerable<TicketEvent> history, SlaMetric metric, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var timeline = TicketTimeline.Build(configuration, TicketHistory.Order(history), to);
        var spans = new List<(Instant From, Instant To)>();
        if (timeline.CreatedAt is null || to <= from)
        {
            return spans;
        }

        var (start, end) = (UnixNanos.From(from), UnixNanos.From(to));
        var statuses = timeline.Statuses;
        for (var i = 0; i < statuses.Count; i++)
        {
            var spanStart = Math.Max(statuses[i].At, start);
            var spanEnd = Math.Min(i + 1 < statuses.Count ? statuses[i + 1].At : end, end);
            if (spanEnd <= spanStart)
            {
                continue;
            }

            var epoch = timeline.Epochs[timeline.EpochAt(statuses[i].At)];
            if (MetricSettings.For(configuration, epoch.Policy, epoch.Priority, metric) is not { } settings || settings.Runs(statuses[i].Status))
            {
                continue;
            }

            var (at, until) = (UnixNanos.ToInstant(spanStart), UnixNanos.ToInstant(spanEnd));
            if (spans.Count > 0 && spans[^1].To == at)
            {
                spans[^1] = (spans[^1].From, until);
            }
            else
            {
                spans.Add((at, until));
            }
        }

        return spans;
    }
}

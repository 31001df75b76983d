using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Clocks;

/// <summary>A metric's target, calendar, at-risk point and pause statuses under one (policy, priority).</summary>
internal sealed record MetricSettings(MetricTarget Target, BusinessCalendar Calendar, long TargetNanos, long? AtRiskNanos, int StoppedStatuses)
{
    public static MetricSettings? For(Configuration.SlaConfiguration configuration, SlaPolicy? policy, Priority priority, SlaMetric metric)
    {
        if (policy?.TargetFor(priority, metric) is not { } target)
        {
            return null;
        }

        // Solved and closed stop every clock; the policy's pause statuses stop this metric's clock too.
        var stopped = (1 << (int)TicketStatus.Solved) | (1 << (int)TicketStatus.Closed);
        foreach (var status in policy.PauseStatusesFor(metric))
        {
            stopped |= 1 << (int)status;
        }

        return new MetricSettings(
            target,
            configuration.Calendars[target.CalendarId],
            target.Target.ToInt64Nanoseconds(),
            policy.AtRiskFor(metric)?.ElapsedAtRisk(target.Target)?.ToInt64Nanoseconds(),
            stopped);
    }

    public bool Runs(TicketStatus status) => (StoppedStatuses & (1 << (int)status)) == 0;
}

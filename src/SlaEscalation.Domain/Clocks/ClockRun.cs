namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// A clock's course under one set of settings: business time elapsed up to the end, the instants its thresholds
/// were (or, projected, will be) reached, and whether it was running when it ended. Times are Unix nanoseconds.
/// </summary>
internal readonly record struct ClockRun(long Elapsed, long? AtRiskAt, long? Deadline, bool RunningAtEnd)
{
    /// <summary>
    /// Runs the clock from <paramref name="start"/> to <paramref name="end"/> through the ticket's statuses. With
    /// <paramref name="project"/>, thresholds not reached by the end are projected as if the clock kept running,
    /// when it was running at the end: just before it when the end is an achievement (the reply or solve stops
    /// the clock), at it when the end is the evaluation instant (a status set at that instant already counts).
    /// </summary>
    public static ClockRun Of(TicketTimeline timeline, MetricSettings settings, long start, long end, bool project, bool achievedAtEnd = false)
    {
        var calendar = settings.Calendar;
        var statuses = timeline.Statuses;
        long elapsed = 0;
        long? atRiskAt = null;
        long? deadline = null;
        var runningAtEnd = false;
        var index = timeline.StatusAt(start);
        var from = start;
        while (true)
        {
            var to = index + 1 < statuses.Count ? Math.Min(statuses[index + 1].At, end) : end;
            if (settings.Runs(statuses[index].Status))
            {
                var length = calendar.BusinessNanosBetween(from, to);
                if (atRiskAt is null && settings.AtRiskNanos is { } atRisk && elapsed + length >= atRisk)
                {
                    atRiskAt = calendar.AddBusinessNanos(from, atRisk - elapsed);
                }

                if (deadline is null && elapsed + length >= settings.TargetNanos)
                {
                    deadline = calendar.AddBusinessNanos(from, settings.TargetNanos - elapsed);
                }

                elapsed += length;

                // The status in effect just before the end decides: a solve at the end stops a running clock there.
                runningAtEnd = to == end;
            }

            if (to >= end)
            {
                break;
            }

            index++;
            from = to;
        }

        if (!achievedAtEnd)
        {
            runningAtEnd = settings.Runs(statuses[timeline.StatusAt(end)].Status);
        }

        if (project && runningAtEnd)
        {
            if (atRiskAt is null && settings.AtRiskNanos is { } atRisk)
            {
                atRiskAt = calendar.AddBusinessNanos(end, atRisk - elapsed);
            }

            deadline ??= calendar.AddBusinessNanos(end, settings.TargetNanos - elapsed);
        }

        return new ClockRun(elapsed, atRiskAt, deadline, runningAtEnd);
    }
}

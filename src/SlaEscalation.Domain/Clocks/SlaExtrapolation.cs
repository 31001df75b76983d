using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// How long an evaluation stays true, and what it says at a later instant without deriving the history again.
/// </summary>
/// <remarks>
/// Between the instant an evaluation was made and <see cref="TicketSlaEvaluation.HoldsUntil"/> (its next wake-up, or a
/// cancelled clock reaching a threshold) nothing can change but elapsed time: no threshold is reached, no later event
/// applies (the earliest is a wake-up), and a projected threshold stays where it is, since the business time still to
/// run shrinks exactly as the clock runs. So a running clock's <see cref="MetricInstance.Elapsed"/> grows by the business time on its calendar in
/// between (calendar closings and daylight-saving changes included), and everything else stands. From that instant on,
/// the evaluation has to be made again.
/// </remarks>
public static class SlaExtrapolation
{
    /// <summary>
    /// The evaluation <paramref name="evaluation"/> (made at <paramref name="evaluatedAt"/>) as of
    /// <paramref name="now"/>; null when <paramref name="now"/> is outside the span it holds for (before it was made,
    /// or at or after <see cref="TicketSlaEvaluation.HoldsUntil"/>), so the caller evaluates again.
    /// </summary>
    /// <param name="configuration">The configuration the evaluation was made under: its calendars measure the clocks.</param>
    /// <param name="evaluation">What <see cref="SlaEngine.Evaluate"/> returned at <paramref name="evaluatedAt"/>.</param>
    /// <param name="evaluatedAt">The instant it was made at.</param>
    /// <param name="now">The instant wanted.</param>
    public static TicketSlaEvaluation? At(SlaConfiguration configuration, TicketSlaEvaluation evaluation, Instant evaluatedAt, Instant now)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(evaluation);
        if (now < evaluatedAt || now >= evaluation.HoldsUntil)
        {
            return null;
        }

        if (now == evaluatedAt || !evaluation.Metrics.Any(m => m.Running))
        {
            return evaluation;
        }

        var (from, to) = (UnixNanos.From(evaluatedAt), UnixNanos.From(now));
        var metrics = new MetricInstance[evaluation.Metrics.Count];
        for (var i = 0; i < metrics.Length; i++)
        {
            var metric = evaluation.Metrics[i];
            metrics[i] = metric.Running
                ? metric with { Elapsed = metric.Elapsed + Duration.FromNanoseconds(configuration.Calendars[metric.Target.CalendarId].BusinessNanosBetween(from, to)) }
                : metric;
        }

        return evaluation with { Metrics = metrics };
    }
}

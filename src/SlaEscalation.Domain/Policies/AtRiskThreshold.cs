using NodaTime;

namespace SlaEscalation.Domain.Policies;

/// <summary>
/// When a running metric becomes at risk: at <see cref="Percent"/> of its target elapsed, or when only
/// <see cref="LeadTime"/> of business time is left before the deadline, whichever comes first. Lead time is
/// business time on the metric's calendar, so a deadline at Monday 09:30 warns on Friday afternoon, not at night.
/// </summary>
public sealed record AtRiskThreshold(int? Percent, Duration? LeadTime)
{
    /// <summary>The business time elapsed at which a metric with this target becomes at risk; null if never.</summary>
    public Duration? ElapsedAtRisk(Duration target)
    {
        Duration? threshold = null;
        if (Percent is { } percent)
        {
            threshold = Duration.FromNanoseconds(target.ToInt64Nanoseconds() / 100 * percent
                + (target.ToInt64Nanoseconds() % 100 * percent / 100));
        }

        if (LeadTime is { } lead)
        {
            var byLead = lead >= target ? Duration.Zero : target - lead;
            threshold = threshold is { } byPercent && byPercent < byLead ? byPercent : byLead;
        }

        return threshold;
    }
}

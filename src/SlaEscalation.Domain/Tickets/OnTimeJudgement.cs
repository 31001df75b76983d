using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Domain.Tickets;

/// <summary>Whether a clock was achieved on time, so the consumers of its achievement need not ask the ticket back.</summary>
public static class OnTimeJudgement
{
    /// <summary>
    /// True unless the instance breached: in this evaluation, or in one the ticket emitted a breach for before (a late
    /// event can re-derive a clock as met in time, but a breach announced stays announced).
    /// </summary>
    /// <param name="instance">The achieved clock.</param>
    /// <param name="emitted">The keys of the transitions the ticket has emitted.</param>
    public static bool AchievedOnTime(MetricInstance instance, IReadOnlyCollection<string> emitted)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(emitted);
        return !instance.Transitions.Any(t => t.Kind == MetricTransitionKind.Breached)
            && !emitted.Contains(TransitionKey.Of(instance.Id, MetricTransitionKind.Breached));
    }
}

using NodaTime;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Domain.Tickets;

/// <summary>The transitions an evaluation calls for that the ticket has not emitted yet, in the order to emit them.</summary>
/// <param name="Transitions">Lifecycle steps first, then each clock's reached thresholds.</param>
/// <param name="LifecycleSolved">Whether the ticket counts as solved once they are emitted; null before it is created.</param>
public sealed record TransitionPlan(IReadOnlyList<PlannedTransition> Transitions, bool? LifecycleSolved)
{
    /// <summary>
    /// Plans <c>ticket.created</c> once, then <c>ticket.solved</c> and <c>ticket.reopened</c> as the status crosses
    /// between unsolved and solved (a ticket created already solved gets both, in order), then every reached
    /// threshold whose key is not in <paramref name="emitted"/>.
    /// </summary>
    /// <param name="evaluation">The clocks as of now.</param>
    /// <param name="emitted">The keys of the transitions already emitted.</param>
    /// <param name="lifecycleSolved">Whether the ticket was solved at its last lifecycle step; null before <c>ticket.created</c>.</param>
    /// <param name="latestEventAt">The latest event's time: the instant a solve or reopen is dated at.</param>
    public static TransitionPlan For(
        TicketSlaEvaluation evaluation,
        IReadOnlyCollection<string> emitted,
        bool? lifecycleSolved,
        Instant latestEventAt)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(emitted);
        var planned = new List<PlannedTransition>();
        var ticket = evaluation.Ticket;
        if (ticket.CreatedAt is not { } created)
        {
            return new TransitionPlan(planned, lifecycleSolved);
        }

        if (lifecycleSolved is null)
        {
            planned.Add(new(TransitionKey.Next(TicketTransitionKind.Created, emitted), TicketTransitionKind.Created, created));
            lifecycleSolved = false;
        }

        if (lifecycleSolved != ticket.IsSolved)
        {
            var kind = ticket.IsSolved ? TicketTransitionKind.Solved : TicketTransitionKind.Reopened;
            planned.Add(new(TransitionKey.Next(kind, emitted), kind, latestEventAt));
            lifecycleSolved = ticket.IsSolved;
        }

        foreach (var instance in evaluation.Metrics)
        {
            foreach (var transition in instance.Transitions)
            {
                var key = TransitionKey.Of(instance.Id, transition.Kind);
                if (!emitted.Contains(key))
                {
                    var onTime = transition.Kind == MetricTransitionKind.Achieved ? OnTimeJudgement.AchievedOnTime(instance, emitted) : (bool?)null;
                    planned.Add(new(key, KindOf(transition.Kind), transition.At, instance, onTime));
                }
            }
        }

        return new TransitionPlan(planned, lifecycleSolved);
    }

    private static TicketTransitionKind KindOf(MetricTransitionKind kind) => kind switch
    {
        MetricTransitionKind.AtRisk => TicketTransitionKind.AtRisk,
        MetricTransitionKind.Breached => TicketTransitionKind.Breached,
        MetricTransitionKind.Achieved => TicketTransitionKind.Achieved,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Runbooks;

namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// Carries one clock's escalation along its runbook as the escalation grain would: the clock's transitions and the
/// ticket's solves arrive at their instants, and <see cref="RunbookProgress.Step"/> runs at each of them and at each
/// instant <see cref="RunbookProgress.NextDue"/> names in between. What people did arrives at its instant too, and
/// reaches the escalation only while it is open, as a command to the escalation grain would.
/// </summary>
internal static class EscalationReplay
{
    /// <summary>Who the replay says acknowledged or resolved: the instant matters to the runbook, the name does not.</summary>
    private const string Person = "recorded";

    /// <summary>The levels raised for <paramref name="instance"/> by <paramref name="horizon"/>, from 1, in order.</summary>
    public static IReadOnlyList<int> LevelsRaised(
        EscalationRunbook runbook,
        IReadOnlyDictionary<string, TeamDefinition> teams,
        MetricInstance instance,
        IEnumerable<MetricTransition> transitions,
        TicketAssignment owner,
        IReadOnlyList<SolvedPeriod> solved,
        IEnumerable<EscalationIntervention> interventions,
        Instant horizon)
    {
        var arrivals = transitions.Select(t => (t.At, Kind: (MetricTransitionKind?)t.Kind, By: (EscalationInterventionKind?)null))
            .Concat(solved.Select(p => (At: p.From, Kind: (MetricTransitionKind?)null, By: (EscalationInterventionKind?)null)))
            .Concat(interventions.Select(i => (i.At, Kind: (MetricTransitionKind?)null, By: (EscalationInterventionKind?)i.Kind)))
            .Where(a => a.At <= horizon)
            .OrderBy(a => a.At)
            .ThenBy(a => a.By is not null ? 2 : a.Kind is null ? 0 : 1);
        var raised = new List<int>();
        EscalationProgress? progress = null;
        foreach (var (at, kind, by) in arrivals)
        {
            if (by is { } intervention)
            {
                if (progress is not null)
                {
                    progress = StepUntil(progress, runbook, teams, owner, solved, at.ToDateTimeOffset(), raised, inclusive: false, instance);
                    progress = Intervene(progress, intervention, at.ToDateTimeOffset());
                    progress = StepUntil(progress, runbook, teams, owner, solved, at.ToDateTimeOffset(), raised, inclusive: true, instance);
                }

                continue;
            }

            if (progress is null)
            {
                // The escalation begins with its clock's first risk or breach; an achievement or a solve before that leaves nothing to escalate.
                if (kind is not (MetricTransitionKind.AtRisk or MetricTransitionKind.Breached))
                {
                    continue;
                }

                progress = EscalationProgress.None;
            }

            progress = StepUntil(progress, runbook, teams, owner, solved, at.ToDateTimeOffset(), raised, inclusive: false, instance);
            progress = kind switch
            {
                MetricTransitionKind.AtRisk => progress.AtRisk(at.ToDateTimeOffset()),
                MetricTransitionKind.Breached => progress.Breached(at.ToDateTimeOffset()),
                MetricTransitionKind.Achieved => progress.End("achieved", RunbookProgress.Actor, null, at.ToDateTimeOffset()).Progress,

                // A solve reaches only escalations already raised (the open ones), except the resolution clock's own, which a solve achieves.
                _ when progress.CurrentLevel > 0 || instance.Metric == SlaMetric.Resolution => progress.End("solved", RunbookProgress.Actor, null, at.ToDateTimeOffset()).Progress,
                _ => progress,
            };
            progress = StepUntil(progress, runbook, teams, owner, solved, at.ToDateTimeOffset(), raised, inclusive: true, instance);
        }

        if (progress is not null)
        {
            StepUntil(progress, runbook, teams, owner, solved, horizon.ToDateTimeOffset(), raised, inclusive: true, instance);
        }

        return raised;
    }

    /// <summary>An acknowledgement or a manual resolution, when the escalation is open to it.</summary>
    private static EscalationProgress Intervene(EscalationProgress progress, EscalationInterventionKind kind, DateTimeOffset at) =>
        !progress.IsOpen ? progress
        : kind == EscalationInterventionKind.Acknowledged ? progress.Acknowledge(Person, at).Progress
        : progress.End("resolved", Person, null, at).Progress;

    /// <summary>Takes the steps due up to <paramref name="until"/>, each at the instant it is due.</summary>
    private static EscalationProgress StepUntil(
        EscalationProgress progress,
        EscalationRunbook runbook,
        IReadOnlyDictionary<string, TeamDefinition> teams,
        TicketAssignment owner,
        IReadOnlyList<SolvedPeriod> solved,
        DateTimeOffset until,
        List<int> raised,
        bool inclusive,
        MetricInstance instance)
    {
        // Each turn either ends the escalation or moves NextDue later, so the levels and repeats bound the turns.
        for (var guard = 0; guard < 64 * (runbook.Levels.Count + 1); guard++)
        {
            if (RunbookProgress.NextDue(progress, runbook) is not { } due || due > until || (!inclusive && due == until))
            {
                break;
            }

            var ticket = new RunbookTicket(owner, solved.Any(p => p.Covers(due)), instance.Deadline?.ToDateTimeOffset(), instance.AchievedAt?.ToDateTimeOffset() <= due);
            var decision = RunbookProgress.Step(progress, runbook, teams, ticket, due);
            raised.AddRange(decision.Steps.Where(s => s.Kind == RunbookStepKind.Raised).Select(s => s.Level));
            if (decision.Progress == progress)
            {
                break;
            }

            progress = decision.Progress;
        }

        return progress;
    }
}

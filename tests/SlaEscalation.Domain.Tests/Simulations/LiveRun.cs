using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Simulations;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Simulations;

/// <summary>
/// Drives the engine and the runbook the way the live grains do, one wake-up at a time: the ticket evaluates at each
/// event and at each instant its evaluation names, emits what <see cref="TransitionPlan"/> plans, and each clock's
/// escalation observes its transitions and steps at each instant <see cref="RunbookProgress.NextDue"/> names. What it
/// records is what the audit trail and the escalation histories would hold. Each wake-up judges under the version
/// in force then, a new version wakes the ticket (as repricing does) with the breaches emitted under older versions
/// pinned, and each intervention reaches the clock's escalation at its instant, as the escalation API would.
/// </summary>
internal static class LiveRun
{
    /// <summary>The breached clocks, the levels raised (<c>{clock}:{level}</c>) and the tasks opened, by <paramref name="horizon"/>.</summary>
    public static (string[] Breached, string[] Escalations, int Tasks) Of(SlaConfiguration configuration, IReadOnlyList<TicketEvent> events, Instant horizon) =>
        Of([new ConfigurationInForce(Instant.MinValue, configuration)], events, [], horizon);

    /// <summary>The same under <paramref name="versions"/> as they came into force, with <paramref name="interventions"/>.</summary>
    public static (string[] Breached, string[] Escalations, int Tasks) Of(
        IReadOnlyList<ConfigurationInForce> versions, IReadOnlyList<TicketEvent> events, IReadOnlyList<EscalationIntervention> interventions, Instant horizon)
    {
        var configurations = new ConfigurationTimeline(versions);
        var breachesEmitted = new Dictionary<string, (Instant At, SlaConfiguration Under)>(StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var escalations = new SortedDictionary<string, EscalationProgress>(StringComparer.Ordinal);
        var raised = new List<string>();
        var tasks = new HashSet<int>();
        bool? lifecycleSolved = null;
        var now = events.Min(e => e.Time);
        while (now <= horizon)
        {
            var configuration = configurations.At(now);
            var pinned = breachesEmitted.Where(b => b.Value.Under != configuration).ToDictionary(b => b.Key, b => b.Value.At, StringComparer.Ordinal);
            var evaluation = SlaEngine.Evaluate(configuration, events, now, pinned);
            var owner = TicketOwnership.Decide(configuration, evaluation.Ticket, events, null, null)!;
            var runbook = configuration.Policies.First(p => p.Id == evaluation.PolicyId).RunbookId is { } id ? configuration.Runbooks[id] : null;
            var plan = TransitionPlan.For(evaluation, emitted, lifecycleSolved, events.Where(e => e.Time <= now).Max(e => e.Time));
            lifecycleSolved = plan.LifecycleSolved;
            var at = now.ToDateTimeOffset();
            foreach (var planned in plan.Transitions)
            {
                emitted.Add(planned.Key);
                if (planned.Kind == TicketTransitionKind.Breached)
                {
                    breachesEmitted[planned.Instance!.Id] = (planned.At, configuration);
                }

                if (planned.Kind == TicketTransitionKind.Solved)
                {
                    foreach (var open in escalations.Where(e => e.Value.IsOpen).Select(e => e.Key).ToList())
                    {
                        escalations[open] = escalations[open].End("solved", RunbookProgress.Actor, null, at).Progress;
                    }
                }
                else if (planned.Instance is { } instance && runbook is not null)
                {
                    var known = escalations.TryGetValue(instance.Id, out var progress);
                    escalations[instance.Id] = planned.Kind switch
                    {
                        TicketTransitionKind.AtRisk => (progress ?? EscalationProgress.None).AtRisk(planned.At.ToDateTimeOffset()),
                        TicketTransitionKind.Breached => (progress ?? EscalationProgress.None).Breached(planned.At.ToDateTimeOffset()),
                        _ when known => progress!.End("achieved", RunbookProgress.Actor, null, at).Progress,
                        _ => null!,
                    };
                    if (escalations[instance.Id] is null)
                    {
                        escalations.Remove(instance.Id);
                    }
                }
            }

            foreach (var intervention in interventions.Where(i => i.At == now && escalations.TryGetValue(i.InstanceId, out var open) && open.IsOpen))
            {
                var progress = escalations[intervention.InstanceId];
                escalations[intervention.InstanceId] = intervention.Kind == EscalationInterventionKind.Acknowledged
                    ? progress.Acknowledge("someone", at).Progress
                    : progress.End("resolved", "someone", null, at).Progress;
            }

            foreach (var (instanceId, progress) in escalations.ToList())
            {
                var metric = evaluation.Metrics.First(m => m.Id == instanceId);
                var ticket = new RunbookTicket(new TicketAssignment(owner.Team, owner.Agent), evaluation.Ticket.IsSolved, metric.Deadline?.ToDateTimeOffset(), metric.AchievedAt is not null);
                var decision = RunbookProgress.Step(progress, runbook!, configuration.Teams, ticket, at);
                escalations[instanceId] = decision.Progress;
                foreach (var step in decision.Steps.Where(s => s.Kind == RunbookStepKind.Raised))
                {
                    raised.Add($"{instanceId}:{step.Level}");
                    if (step.Effects.Any(e => e.Kind == RunbookEffectKind.CreateTask))
                    {
                        tasks.Add(step.Level);
                    }
                }
            }

            var next = escalations.Values.Select(p => RunbookProgress.NextDue(p, runbook!)).Where(d => d is not null).Select(d => Instant.FromDateTimeOffset(d!.Value))
                .Append(evaluation.NextWakeUp ?? Instant.MaxValue)
                .Concat(interventions.Select(i => i.At).Concat(versions.Select(v => v.Since)).Where(i => i > now && i <= horizon))
                .Min();
            if (next == Instant.MaxValue)
            {
                break;
            }

            now = next;
        }

        var breached = emitted.Where(k => k.EndsWith("/breached", StringComparison.Ordinal)).Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]);
        return ([.. breached.Order(StringComparer.Ordinal)], [.. raised], tasks.Count);
    }
}

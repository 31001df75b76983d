using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// Replays a ticket's history under a configuration: what its clocks would have done by a horizon, which runbook
/// levels would have been raised and which engineering tasks opened. A pure function of (configurations, history,
/// interventions, horizon), like <see cref="SlaEngine.Evaluate"/>, which it asks.
/// </summary>
/// <remarks>
/// <para>Under a <see cref="ConfigurationTimeline"/>, each instant is judged under the version in force then, as the
/// live ticket was: the clocks are evaluated under each version up to the instant the next took over, what they
/// reached then stays reached, and a breach reached under an earlier version stays breached (as
/// <see cref="BreachPinning"/> keeps it live). The clocks at the horizon, the owner, the solves and the runbook are
/// those of the version in force at the horizon.</para>
/// <para>Acknowledgements and manual resolutions are not part of a ticket's history: they come as
/// <see cref="EscalationIntervention"/>s, read from the escalations, and apply at their instants to the same clock's
/// escalation while it is open. Without them a level that waits on an acknowledgement (<c>unacknowledged_for</c>)
/// is raised when its wait is over.</para>
/// </remarks>
public static class PolicySimulation
{
    /// <summary>Replays <paramref name="history"/> under <paramref name="configuration"/> up to <paramref name="horizon"/>, nobody intervening.</summary>
    /// <param name="configuration">The configuration to replay under.</param>
    /// <param name="ticketKey">The ticket's key: a ticket opens each runbook level's engineering task once.</param>
    /// <param name="history">The ticket's events, in any order, duplicates allowed.</param>
    /// <param name="horizon">The instant the replay stops at (events after it are not applied).</param>
    public static TicketOutcome Replay(SlaConfiguration configuration, string ticketKey, IEnumerable<TicketEvent> history, Instant horizon) =>
        Replay(ConfigurationTimeline.Always(configuration), ticketKey, history, [], horizon);

    /// <summary>
    /// Replays <paramref name="history"/> under the versions of <paramref name="configurations"/> as they were in
    /// force, with <paramref name="interventions"/> applied, up to <paramref name="horizon"/>.
    /// </summary>
    /// <param name="configurations">The configuration versions over time.</param>
    /// <param name="ticketKey">The ticket's key: a ticket opens each runbook level's engineering task once.</param>
    /// <param name="history">The ticket's events, in any order, duplicates allowed.</param>
    /// <param name="interventions">What people did to the ticket's escalations, in any order.</param>
    /// <param name="horizon">The instant the replay stops at (events after it are not applied).</param>
    public static TicketOutcome Replay(
        ConfigurationTimeline configurations,
        string ticketKey,
        IEnumerable<TicketEvent> history,
        IReadOnlyCollection<EscalationIntervention> interventions,
        Instant horizon)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(ticketKey);
        ArgumentNullException.ThrowIfNull(interventions);
        var ordered = TicketHistory.Order(history);
        var (configuration, evaluation, reached) = Evaluate(configurations, ordered, horizon);
        if (TicketOwnership.Decide(configuration, evaluation.Ticket, ordered, null, null) is not { } owner)
        {
            return TicketOutcome.None;
        }

        var solved = SolvedPeriods(configuration, ordered, horizon);
        var runbook = configuration.Policies.FirstOrDefault(p => p.Id == evaluation.PolicyId)?.RunbookId is { } runbookId
            ? configuration.Runbooks.GetValueOrDefault(runbookId)
            : null;
        var ticket = new TicketAssignment(owner.Team, owner.Agent);
        var tasks = new HashSet<int>();
        var metrics = new List<MetricOutcome>(evaluation.Metrics.Count);
        foreach (var instance in evaluation.Metrics)
        {
            var transitions = reached?.GetValueOrDefault(instance.Id) ?? instance.Transitions;
            var levels = runbook is null
                ? []
                : EscalationReplay.LevelsRaised(runbook, configuration.Teams, instance, transitions, ticket, solved, interventions.Where(i => i.InstanceId == instance.Id), horizon);
            var opened = levels.Count(level => runbook!.Levels[level - 1].Actions.Contains(EscalationAction.CreateTask) && tasks.Add(level));
            metrics.Add(OutcomeOf(instance, transitions, levels, opened));
        }

        return new TicketOutcome(owner.Team, evaluation.PolicyId, evaluation.Ticket.Priority.ToWire(), metrics);
    }

    /// <summary>
    /// Whether a ticket belongs to a simulation of [<paramref name="from"/>, <paramref name="to"/>): created before
    /// <paramref name="to"/>, and either something happened to it in the window or it was not solved when the window began.
    /// </summary>
    public static bool ActiveIn(IEnumerable<TicketEvent> history, Instant from, Instant to)
    {
        var ticket = TicketSnapshot.Unknown;
        var created = false;
        foreach (var e in TicketHistory.Order(history))
        {
            if (e.Time >= to)
            {
                break;
            }

            if (e.Time >= from)
            {
                return created || e.Type == TicketEventType.Created;
            }

            ticket = ticket.Apply(e.Changes);
            created |= e.Type == TicketEventType.Created;
        }

        return created && !ticket.IsSolved;
    }

    /// <summary>
    /// The evaluation at the horizon under the version then in force. When the ticket's life spans more than one
    /// version, also every transition each clock reached under the version in force when it was reached (the
    /// horizon's evaluation alone would forget a risk or a breach a later version undid); null otherwise.
    /// </summary>
    private static (SlaConfiguration Configuration, TicketSlaEvaluation Evaluation, Dictionary<string, List<MetricTransition>>? Reached) Evaluate(
        ConfigurationTimeline configurations, TicketEvent[] ordered, Instant horizon)
    {
        var spans = configurations.Over(ordered.Length == 0 ? horizon : ordered[0].Time, horizon);
        if (spans.Count == 1)
        {
            return (spans[0].Configuration, SlaEngine.Evaluate(spans[0].Configuration, ordered, horizon), null);
        }

        var reached = new Dictionary<string, List<MetricTransition>>(StringComparer.Ordinal);
        Dictionary<string, Instant>? pinned = null;
        TicketSlaEvaluation? evaluation = null;
        foreach (var (configuration, until) in spans)
        {
            // Judged up to the last instant before the next version took over: an event at that instant was judged under the next.
            var at = until is { } next ? next - Duration.Epsilon : horizon;
            evaluation = SlaEngine.Evaluate(configuration, ordered, at, pinned);
            foreach (var instance in evaluation.Metrics)
            {
                var known = reached.TryGetValue(instance.Id, out var list) ? list : reached[instance.Id] = [];
                foreach (var transition in instance.Transitions.Where(t => t.At <= at && !known.Exists(k => k.Kind == t.Kind)))
                {
                    known.Add(transition);
                    if (transition.Kind == MetricTransitionKind.Breached)
                    {
                        (pinned ??= new Dictionary<string, Instant>(StringComparer.Ordinal))[instance.Id] = transition.At;
                    }
                }
            }
        }

        return (spans[^1].Configuration, evaluation!, reached);
    }

    private static MetricOutcome OutcomeOf(MetricInstance instance, IReadOnlyList<MetricTransition> transitions, IReadOnlyList<int> levels, int tasksOpened)
    {
        var breached = instance.BreachedAt is not null || transitions.Any(t => t.Kind == MetricTransitionKind.Breached);
        var verdict = instance.AchievedAt is not null ? (breached ? MetricVerdict.AchievedLate : MetricVerdict.AchievedOnTime)
            : breached ? MetricVerdict.Breached
            : instance.State == MetricState.Cancelled ? MetricVerdict.Cancelled
            : MetricVerdict.Running;
        return new MetricOutcome(
            instance.Id,
            instance.Metric,
            verdict,
            transitions.Any(t => t.Kind == MetricTransitionKind.AtRisk),
            instance.AchievedAt is null ? null : instance.Elapsed,
            instance.Target.Target,
            levels,
            tasksOpened);
    }

    /// <summary>Each period the ticket was solved (or closed), from the solve to the reopen (null while still solved), oldest first.</summary>
    private static List<SolvedPeriod> SolvedPeriods(SlaConfiguration configuration, TicketEvent[] ordered, Instant horizon)
    {
        var statuses = TicketTimeline.Build(configuration, ordered, horizon).Statuses;
        var periods = new List<SolvedPeriod>();
        Instant? since = null;
        foreach (var (at, status) in statuses)
        {
            var solved = status is TicketStatus.Solved or TicketStatus.Closed;
            if (solved && since is null)
            {
                since = UnixNanos.ToInstant(at);
            }
            else if (!solved && since is { } from)
            {
                periods.Add(new SolvedPeriod(from, UnixNanos.ToInstant(at)));
                since = null;
            }
        }

        if (since is { } open)
        {
            periods.Add(new SolvedPeriod(open, null));
        }

        return periods;
    }
}

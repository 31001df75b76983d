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
/// levels would have been raised and which engineering tasks opened. A pure function of (configuration, history,
/// horizon), like <see cref="SlaEngine.Evaluate"/>, which it asks.
/// </summary>
/// <remarks>
/// Acknowledgements, hand-offs and manual resolutions are not part of a ticket's history: the replay takes the
/// runbook as if nobody acknowledged, so a level that waits on an acknowledgement (<c>unacknowledged_for</c>) is
/// raised when its wait is over. Both sides of a simulation are replayed the same way, so their difference is the
/// configuration's.
/// </remarks>
public static class PolicySimulation
{
    /// <summary>Replays <paramref name="history"/> under <paramref name="configuration"/> up to <paramref name="horizon"/>.</summary>
    /// <param name="configuration">The configuration to replay under.</param>
    /// <param name="ticketKey">The ticket's key: a ticket opens each runbook level's engineering task once.</param>
    /// <param name="history">The ticket's events, in any order, duplicates allowed.</param>
    /// <param name="horizon">The instant the replay stops at (events after it are not applied).</param>
    public static TicketOutcome Replay(SlaConfiguration configuration, string ticketKey, IEnumerable<TicketEvent> history, Instant horizon)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ticketKey);
        var ordered = TicketHistory.Order(history);
        var evaluation = SlaEngine.Evaluate(configuration, ordered, horizon);
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
            var levels = runbook is null ? [] : EscalationReplay.LevelsRaised(runbook, configuration.Teams, instance, ticket, solved, horizon);
            var opened = levels.Count(level => runbook!.Levels[level - 1].Actions.Contains(EscalationAction.CreateTask) && tasks.Add(level));
            metrics.Add(OutcomeOf(instance, levels, opened));
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

    private static MetricOutcome OutcomeOf(MetricInstance instance, IReadOnlyList<int> levels, int tasksOpened)
    {
        var breached = instance.BreachedAt is not null || instance.Transitions.Any(t => t.Kind == MetricTransitionKind.Breached);
        var verdict = instance.AchievedAt is not null ? (breached ? MetricVerdict.AchievedLate : MetricVerdict.AchievedOnTime)
            : breached ? MetricVerdict.Breached
            : instance.State == MetricState.Cancelled ? MetricVerdict.Cancelled
            : MetricVerdict.Running;
        return new MetricOutcome(
            instance.Id,
            instance.Metric,
            verdict,
            instance.Transitions.Any(t => t.Kind == MetricTransitionKind.AtRisk),
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

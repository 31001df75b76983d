using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// The SLA clock engine: a pure function of (configuration, history, now). No clock reads, no I/O, no state.
/// </summary>
/// <remarks>
/// <para>Events apply in <see cref="TicketHistory"/> order; events dated after <c>now</c> are not applied yet, and
/// the earliest of them is a wake-up.</para>
/// <para>Clocks are recomputed from history under the (policy, priority) in effect at their end (achievement, or
/// <c>now</c>): the new target applies from the clock's start, and paused time stays paused. A breach that happened
/// under an earlier (policy, priority) - the deadline passed while that one was in effect - stays, with its
/// deadline. Breaches the caller already recorded (for instance under an earlier configuration) can be passed in
/// and stay too.</para>
/// <para>A reply at the deadline instant is on time. Solved and closed stop every clock: <c>resolution</c> is then
/// achieved, the others cancelled; a reopen resumes the same clocks with their elapsed time.</para>
/// </remarks>
public static class SlaEngine
{
    /// <summary>Evaluates every metric of a ticket as of <paramref name="now"/>.</summary>
    /// <param name="configuration">The configuration in force.</param>
    /// <param name="history">The ticket's events, in any order, duplicates allowed.</param>
    /// <param name="now">The evaluation instant.</param>
    /// <param name="recordedBreaches">Breaches already recorded, by <see cref="MetricInstance.Id"/>: they stay breached.</param>
    public static TicketSlaEvaluation Evaluate(
        SlaConfiguration configuration,
        IEnumerable<TicketEvent> history,
        Instant now,
        IReadOnlyDictionary<string, Instant>? recordedBreaches = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return EvaluateOrdered(configuration, TicketHistory.Order(history), now, recordedBreaches);
    }

    /// <summary>
    /// Evaluates a history already put in order by <see cref="TicketHistory.Order"/>: what a caller that keeps a
    /// long history ordered calls, to spare sorting it again.
    /// </summary>
    /// <param name="configuration">The configuration in force.</param>
    /// <param name="ordered">The ticket's events as <see cref="TicketHistory.Order"/> returned them.</param>
    /// <param name="now">The evaluation instant.</param>
    /// <param name="recordedBreaches">Breaches already recorded, by <see cref="MetricInstance.Id"/>: they stay breached.</param>
    /// <param name="earlier">
    /// An earlier evaluation of the start of the same history (the same events, in the same order, then those
    /// appended since), under the same configuration and recorded breaches, at an instant not later than
    /// <paramref name="now"/>: its clocks achieved before the earliest event it did not apply are kept as they
    /// are, so an event appended in time order derives only the clocks it can change. When it is not such an
    /// evaluation (an event arrived out of order, the configuration changed) everything is derived afresh; the
    /// result is the same either way.
    /// </param>
    public static TicketSlaEvaluation EvaluateOrdered(
        SlaConfiguration configuration,
        IReadOnlyList<TicketEvent> ordered,
        Instant now,
        IReadOnlyDictionary<string, Instant>? recordedBreaches = null,
        TicketSlaEvaluation? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ordered);
        var inputs = new EvaluationInputs(configuration, ordered, UnixNanos.From(now), recordedBreaches);
        var settledBefore = earlier?.Inputs?.SettledBefore(configuration, ordered, inputs.Now, recordedBreaches) ?? long.MinValue;
        var timeline = TicketTimeline.Build(configuration, ordered, now);
        if (timeline.CreatedAt is not { } created)
        {
            return new TicketSlaEvaluation(timeline.Ticket, null, [], timeline.NextEventAt) { HoldsUntil = timeline.NextEventAt, Inputs = inputs };
        }

        var evaluation = new ClockEvaluation(configuration, timeline, inputs.Now, recordedBreaches, settledBefore > long.MinValue ? earlier : null, settledBefore);
        var comments = timeline.Comments;
        var firstReply = comments.FindIndex(c => c.ByAgent);
        evaluation.Add(SlaMetric.FirstReply, 0, created, firstReply < 0 ? null : comments[firstReply].At);

        if (firstReply >= 0)
        {
            // One next_reply cycle per run of requester comments after the first reply, answered by the next reply.
            var cycle = 0;
            long? waitingSince = null;
            for (var i = firstReply + 1; i < comments.Count; i++)
            {
                if (!comments[i].ByAgent)
                {
                    waitingSince ??= comments[i].At;
                }
                else if (waitingSince is { } since)
                {
                    evaluation.Add(SlaMetric.NextReply, cycle++, since, comments[i].At);
                    waitingSince = null;
                }
            }

            if (waitingSince is { } open)
            {
                evaluation.Add(SlaMetric.NextReply, cycle, open, null);
            }

            // One periodic_update cycle from each public reply to the next.
            cycle = 0;
            long? previous = null;
            foreach (var (at, byAgent) in comments)
            {
                if (byAgent)
                {
                    if (previous is { } since)
                    {
                        evaluation.Add(SlaMetric.PeriodicUpdate, cycle++, since, at);
                    }

                    previous = at;
                }
            }

            evaluation.Add(SlaMetric.PeriodicUpdate, cycle, previous!.Value, null);
        }

        evaluation.Add(SlaMetric.Resolution, 0, created, SolvedSince(timeline));
        var nextWakeUp = timeline.NextEventAt is { } nextEvent ? UnixNanos.From(nextEvent) : (long?)null;
        nextWakeUp = ClockEvaluation.Earliest(nextWakeUp, evaluation.NextThreshold);
        var holdsUntil = ClockEvaluation.Earliest(nextWakeUp, evaluation.NextChange);
        return new TicketSlaEvaluation(
            timeline.Ticket,
            timeline.Epochs[^1].Policy?.Id,
            evaluation.Metrics,
            nextWakeUp is { } wake ? UnixNanos.ToInstant(wake) : null)
        {
            HoldsUntil = holdsUntil is { } holds ? UnixNanos.ToInstant(holds) : null,
            Inputs = inputs,
        };
    }

    /// <summary>When the ticket was last solved, if it is solved (or closed) now.</summary>
    private static long? SolvedSince(TicketTimeline timeline)
    {
        var statuses = timeline.Statuses;
        if (statuses[^1].Status is not (TicketStatus.Solved or TicketStatus.Closed))
        {
            return null;
        }

        var index = statuses.Count - 1;
        while (index > 0 && statuses[index - 1].Status is TicketStatus.Solved or TicketStatus.Closed)
        {
            index--;
        }

        return statuses[index].At;
    }
}

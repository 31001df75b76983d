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
        var timeline = TicketTimeline.Build(configuration, TicketHistory.Order(history), now);
        if (timeline.CreatedAt is not { } created)
        {
            return new TicketSlaEvaluation(timeline.Ticket, null, [], timeline.NextEventAt);
        }

        var evaluation = new Evaluation(configuration, timeline, UnixNanos.From(now), recordedBreaches);
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
        nextWakeUp = Earliest(nextWakeUp, evaluation.NextThreshold);
        return new TicketSlaEvaluation(
            timeline.Ticket,
            timeline.Epochs[^1].Policy?.Id,
            evaluation.Metrics,
            nextWakeUp is { } wake ? UnixNanos.ToInstant(wake) : null);
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

    private static long? Earliest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    /// <summary>The instances of one evaluation, and the earliest future threshold among running clocks.</summary>
    private sealed class Evaluation(
        SlaConfiguration configuration,
        TicketTimeline timeline,
        long now,
        IReadOnlyDictionary<string, Instant>? recordedBreaches)
    {
        public List<MetricInstance> Metrics { get; } = [];

        public long? NextThreshold { get; private set; }

        public void Add(SlaMetric metric, int cycle, long start, long? achievedAt)
        {
            var end = achievedAt ?? now;
            var firstEpoch = timeline.EpochAt(start);
            var lastEpoch = timeline.EpochAt(end);

            // A breach under an earlier (policy, priority): its deadline passed while that one was in effect.
            MetricSettings? breachedUnder = null;
            ClockRun breachedRun = default;
            for (var epoch = firstEpoch; epoch < lastEpoch && breachedUnder is null; epoch++)
            {
                if (SettingsAt(epoch, metric) is not { } earlier)
                {
                    continue;
                }

                var run = ClockRun.Of(timeline, earlier, start, timeline.Epochs[epoch + 1].At, project: false);
                if (run.Deadline < timeline.Epochs[epoch + 1].At)
                {
                    (breachedUnder, breachedRun) = (earlier, run);
                }
            }

            var settings = SettingsAt(lastEpoch, metric);
            if (settings is null && breachedUnder is null)
            {
                // No target now: a clock that had one under an earlier policy is cancelled, else there is none.
                settings = LastSettingsBefore(lastEpoch, firstEpoch, metric);
                if (settings is null)
                {
                    return;
                }

                Metrics.Add(Build(metric, cycle, start, achievedAt, settings, ClockRun.Of(timeline, settings, start, end, project: false, achievedAtEnd: achievedAt is not null), null, cancelled: true));
                return;
            }

            var current = settings ?? breachedUnder!;
            var clock = ClockRun.Of(timeline, current, start, end, project: true, achievedAtEnd: achievedAt is not null);
            long? breachedAt = breachedUnder is not null
                ? breachedRun.Deadline
                : clock.Deadline is { } deadline && deadline <= now && (achievedAt is null || deadline < achievedAt) ? deadline : null;

            var id = MetricInstance.IdentityOf(metric, cycle);
            if (recordedBreaches is not null && recordedBreaches.TryGetValue(id, out var recorded) && !(breachedAt <= UnixNanos.From(recorded)))
            {
                breachedAt = UnixNanos.From(recorded);
            }

            if (breachedAt is not null && breachedUnder is null)
            {
                breachedRun = clock with { Deadline = breachedAt };
            }

            var instance = Build(metric, cycle, start, achievedAt, current, clock, breachedAt is null ? null : breachedRun, cancelled: settings is null);
            Metrics.Add(instance);
            if (instance.State is MetricState.Active or MetricState.AtRisk)
            {
                NextThreshold = Earliest(NextThreshold, Future(clock.AtRiskAt));
                NextThreshold = Earliest(NextThreshold, Future(clock.Deadline));
            }
        }

        private long? Future(long? at) => at > now ? at : null;

        private MetricInstance Build(SlaMetric metric, int cycle, long start, long? achievedAt, MetricSettings settings, ClockRun clock, ClockRun? breach, bool cancelled)
        {
            // A breach keeps the thresholds it was measured against.
            var thresholds = breach ?? clock;
            var breachedAt = breach?.Deadline;
            var atRiskReached = thresholds.AtRiskAt is { } atRisk && atRisk <= now && (achievedAt is null || atRisk < achievedAt);
            var transitions = new List<MetricTransition>(3);
            if (atRiskReached)
            {
                transitions.Add(new(MetricTransitionKind.AtRisk, UnixNanos.ToInstant(thresholds.AtRiskAt!.Value)));
            }

            if (breachedAt is { } breached)
            {
                transitions.Add(new(MetricTransitionKind.Breached, UnixNanos.ToInstant(breached)));
            }

            if (achievedAt is { } achieved)
            {
                transitions.Add(new(MetricTransitionKind.Achieved, UnixNanos.ToInstant(achieved)));
            }

            transitions.Sort((a, b) => a.At.CompareTo(b.At));
            var state = breachedAt is not null ? MetricState.Breached
                : achievedAt is not null ? MetricState.Achieved
                : cancelled || timeline.Ticket.IsSolved ? MetricState.Cancelled
                : !clock.RunningAtEnd ? MetricState.Paused
                : atRiskReached ? MetricState.AtRisk
                : MetricState.Active;

            return new MetricInstance
            {
                Id = MetricInstance.IdentityOf(metric, cycle),
                Metric = metric,
                Cycle = cycle,
                State = state,
                StartedAt = UnixNanos.ToInstant(start),
                Deadline = ToInstant(thresholds.Deadline),
                AtRiskAt = ToInstant(thresholds.AtRiskAt),
                BreachedAt = ToInstant(breachedAt),
                AchievedAt = ToInstant(achievedAt),
                Elapsed = Duration.FromNanoseconds(clock.Elapsed),
                Target = settings.Target,
                Transitions = transitions,
            };
        }

        private MetricSettings? SettingsAt(int epoch, SlaMetric metric)
        {
            var (_, policy, priority) = timeline.Epochs[epoch];
            return MetricSettings.For(configuration, policy, priority, metric);
        }

        private MetricSettings? LastSettingsBefore(int epoch, int firstEpoch, SlaMetric metric)
        {
            for (var earlier = epoch - 1; earlier >= firstEpoch; earlier--)
            {
                if (SettingsAt(earlier, metric) is { } settings)
                {
                    return settings;
                }
            }

            return null;
        }

        private static Instant? ToInstant(long? nanos) => nanos is { } value ? UnixNanos.ToInstant(value) : null;
    }
}

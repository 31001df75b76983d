using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// The instances of one evaluation, and the earliest future threshold among running clocks. Clocks of
/// <paramref name="previous"/> achieved before <paramref name="settledBefore"/> are kept as they were
/// (<see cref="EvaluationInputs.SettledBefore"/> says why that is exact).
/// </summary>
internal sealed class ClockEvaluation(
    SlaConfiguration configuration,
    TicketTimeline timeline,
    long now,
    IReadOnlyDictionary<string, Instant>? recordedBreaches,
    TicketSlaEvaluation? previous = null,
    long settledBefore = long.MinValue)
{
    private readonly ILookup<SlaMetric, MetricInstance>? settled = previous?.Metrics.ToLookup(m => m.Metric);
    private readonly Dictionary<SlaMetric, MetricInstance[]> settledByCycle = [];

    public List<MetricInstance> Metrics { get; } = [];

    public static long? Earliest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    public long? NextThreshold { get; private set; }

    /// <summary>The earliest future instant a cancelled clock that still runs reaches a threshold it had.</summary>
    public long? NextChange { get; private set; }

    public void Add(SlaMetric metric, int cycle, long start, long? achievedAt)
    {
        if (achievedAt < settledBefore && Settled(metric, cycle, start, achievedAt!.Value) is { } kept)
        {
            Metrics.Add(kept);
            return;
        }

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

            var cancelled = ClockRun.Of(timeline, settings, start, end, project: false, achievedAtEnd: achievedAt is not null);
            Metrics.Add(Build(metric, cycle, start, achievedAt, settings, cancelled, null, cancelled: true));
            if (achievedAt is null && cancelled.RunningAtEnd)
            {
                // It wakes nobody, but it still runs: the thresholds of the settings it last had appear when reached.
                var unreached = cancelled.AtRiskAt is null && settings.AtRiskNanos is { } atRisk ? atRisk : settings.TargetNanos;
                NextChange = Earliest(NextChange, cancelled.Deadline is null ? settings.Calendar.AddBusinessNanos(now, unreached - cancelled.Elapsed) : null);
            }

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

    /// <summary>The same cycle in the previous evaluation, achieved at the same instant, if there is one.</summary>
    private MetricInstance? Settled(SlaMetric metric, int cycle, long start, long achievedAt)
    {
        if (settled is null)
        {
            return null;
        }

        if (!settledByCycle.TryGetValue(metric, out var cycles))
        {
            settledByCycle[metric] = cycles = [.. settled[metric]];
        }

        return cycle < cycles.Length && cycles[cycle] is { } kept && kept.Cycle == cycle
            && kept.StartedAt == UnixNanos.ToInstant(start) && kept.AchievedAt == UnixNanos.ToInstant(achievedAt)
            ? kept
            : null;
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
            Running = achievedAt is null && clock.RunningAtEnd,
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

namespace SlaEscalation.Domain.Simulations;

/// <summary>One side (current or candidate) of a simulation's row: what its clocks and runbooks did.</summary>
/// <param name="Clocks">Clocks counted.</param>
/// <param name="Breaches">Clocks that breached, achieved late or not.</param>
/// <param name="AtRisk">Clocks that reached their at-risk threshold.</param>
/// <param name="AchievedOnTime">Clocks achieved at or before their deadline.</param>
/// <param name="AchievedLate">Clocks achieved after their deadline.</param>
/// <param name="TargetSeconds">The target the clocks ran against; null when they ran against more than one.</param>
/// <param name="Elapsed">Business time to achievement, as <see cref="ElapsedSketch"/> buckets.</param>
/// <param name="Escalations">Runbook levels raised, by level (from 1).</param>
/// <param name="Tasks">Engineering tasks opened.</param>
public sealed record SimulationSide(
    long Clocks,
    long Breaches,
    long AtRisk,
    long AchievedOnTime,
    long AchievedLate,
    long? TargetSeconds,
    IReadOnlyDictionary<int, long> Elapsed,
    IReadOnlyDictionary<int, long> Escalations,
    long Tasks)
{
    /// <summary>Nothing counted.</summary>
    public static SimulationSide Empty { get; } = new(0, 0, 0, 0, 0, null, new Dictionary<int, long>(), new Dictionary<int, long>(), 0);

    /// <summary>Achieved on time over the clocks that came to an end (achieved, or breached); null before any did.</summary>
    public double? OnTimeRate =>
        AchievedOnTime + Breaches == 0 ? null : Math.Round((double)AchievedOnTime / (AchievedOnTime + Breaches), 4);

    /// <summary>Median business time to achievement, in whole seconds, within 1%; null when none was achieved.</summary>
    public long? MedianSeconds => (long?)ElapsedSketch.Quantile(Elapsed, 0.5)?.TotalSeconds;

    /// <summary>90th percentile business time to achievement, in whole seconds, within 1%; null when none was achieved.</summary>
    public long? P90Seconds => (long?)ElapsedSketch.Quantile(Elapsed, 0.9)?.TotalSeconds;

    /// <summary>
    /// This side with <paramref name="outcome"/> counted. The buckets are counted in place, in the dictionaries the
    /// tally owns (copying them per clock would cost more than the replay); the tally copies them when it hands out a state.
    /// </summary>
    internal SimulationSide With(MetricOutcome outcome, Dictionary<int, long> elapsed, Dictionary<int, long> escalations)
    {
        var target = (long)outcome.Target.TotalSeconds;
        if (outcome.Elapsed is { } taken)
        {
            var bucket = ElapsedSketch.BucketOf(taken);
            elapsed[bucket] = elapsed.GetValueOrDefault(bucket) + 1;
        }

        foreach (var level in outcome.LevelsRaised)
        {
            escalations[level] = escalations.GetValueOrDefault(level) + 1;
        }

        return new SimulationSide(
            Clocks + 1,
            Breaches + (outcome.Breached ? 1 : 0),
            AtRisk + (outcome.WentAtRisk ? 1 : 0),
            AchievedOnTime + (outcome.Verdict == MetricVerdict.AchievedOnTime ? 1 : 0),
            AchievedLate + (outcome.Verdict == MetricVerdict.AchievedLate ? 1 : 0),
            Clocks == 0 || TargetSeconds == target ? target : null,
            elapsed,
            escalations,
            Tasks + outcome.TasksOpened);
    }
}

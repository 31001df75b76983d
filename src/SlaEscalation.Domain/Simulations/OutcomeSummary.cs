namespace SlaEscalation.Domain.Simulations;

/// <summary>What a changed ticket shows of one side: who owned it, and what breached, went at risk and escalated.</summary>
/// <param name="Team">Its team.</param>
/// <param name="PolicyId">Its policy; null when none matched.</param>
/// <param name="Breached">The clocks that breached.</param>
/// <param name="AtRisk">The clocks that went at risk.</param>
/// <param name="Escalations">The levels raised, as <c>{clock}:{level}</c>.</param>
/// <param name="Tasks">Engineering tasks opened.</param>
public sealed record OutcomeSummary(
    string Team,
    string? PolicyId,
    IReadOnlyList<string> Breached,
    IReadOnlyList<string> AtRisk,
    IReadOnlyList<string> Escalations,
    int Tasks)
{
    /// <summary>The summary of one replayed ticket.</summary>
    public static OutcomeSummary Of(TicketOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new OutcomeSummary(
            outcome.Team,
            outcome.PolicyId,
            [.. outcome.Metrics.Where(m => m.Breached).Select(m => m.InstanceId)],
            [.. outcome.Metrics.Where(m => m.WentAtRisk).Select(m => m.InstanceId)],
            [.. outcome.Metrics.SelectMany(m => m.LevelsRaised.Select(level => $"{m.InstanceId}:{level}"))],
            outcome.Metrics.Sum(m => m.TasksOpened));
    }

    /// <summary>Whether two summaries tell the same story.</summary>
    public bool SameAs(OutcomeSummary other) =>
        other is not null
        && Team == other.Team
        && PolicyId == other.PolicyId
        && Breached.SequenceEqual(other.Breached)
        && AtRisk.SequenceEqual(other.AtRisk)
        && Escalations.SequenceEqual(other.Escalations)
        && Tasks == other.Tasks;
}

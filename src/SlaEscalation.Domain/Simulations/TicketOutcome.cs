namespace SlaEscalation.Domain.Simulations;

/// <summary>One ticket replayed under one configuration, as of the replay's horizon.</summary>
/// <param name="Team">The team that owns it under that configuration's routing.</param>
/// <param name="PolicyId">The policy that applies to it; null when none matches (it has no clocks).</param>
/// <param name="Priority">Its priority on the wire (<c>urgent</c>).</param>
/// <param name="Metrics">Every clock it had, with what its runbook would have done.</param>
public sealed record TicketOutcome(string Team, string? PolicyId, string Priority, IReadOnlyList<MetricOutcome> Metrics)
{
    /// <summary>A ticket not created by the horizon: nothing to count.</summary>
    public static TicketOutcome None { get; } = new("", null, "", []);
}

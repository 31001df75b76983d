using NodaTime;
using SlaEscalation.Domain.Policies;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// One SLA clock of a ticket (<c>first_reply</c>, a <c>next_reply</c> or <c>periodic_update</c> cycle, or
/// <c>resolution</c>) as of the evaluation instant.
/// </summary>
/// <remarks>
/// <see cref="Deadline"/> and <see cref="AtRiskAt"/> are threshold instants on the clock's timeline: reached ones
/// are where they were reached, unreached ones are projected as if the clock keeps running (for an achieved clock:
/// had it kept running past the achievement). While the clock is paused (or stopped by a solve) an unreached
/// threshold is not determinable and is null. <see cref="BreachedAt"/> is set only once the breach has happened
/// (the deadline passed while the clock ran, before any achievement); <see cref="Transitions"/> lists what has
/// happened, so a grain can tell a projected at-risk instant from a reached one.
/// </remarks>
public sealed record MetricInstance
{
    /// <summary>Stable identity within the ticket: <c>first_reply</c>, <c>resolution</c>, <c>next_reply#2</c>.</summary>
    public required string Id { get; init; }
    public required SlaMetric Metric { get; init; }

    /// <summary>0-based cycle for <c>next_reply</c> and <c>periodic_update</c>; 0 for the others.</summary>
    public required int Cycle { get; init; }
    public required MetricState State { get; init; }
    public required Instant StartedAt { get; init; }
    public required Instant? Deadline { get; init; }
    public required Instant? AtRiskAt { get; init; }
    public required Instant? BreachedAt { get; init; }
    public required Instant? AchievedAt { get; init; }

    /// <summary>Business time elapsed while the clock ran, up to the achievement or the evaluation instant.</summary>
    public required Duration Elapsed { get; init; }

    /// <summary>
    /// Whether the clock is running at the evaluation instant, so <see cref="Elapsed"/> grows with business time
    /// on <see cref="Target"/>'s calendar until something happens (a breached clock that still runs included).
    /// </summary>
    public bool Running { get; init; }

    /// <summary>The target in effect, and the calendar it is measured on.</summary>
    public required MetricTarget Target { get; init; }

    /// <summary>The transitions that have happened, oldest first.</summary>
    public required IReadOnlyList<MetricTransition> Transitions { get; init; }

    /// <summary>Builds the identity of an instance.</summary>
    public static string IdentityOf(SlaMetric metric, int cycle) =>
        metric.IsCyclic() ? $"{metric.ToWire()}#{cycle}" : metric.ToWire();
}

using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// The keys a ticket records its emitted transitions under: <c>first_reply/breached</c> for a clock's threshold,
/// <c>created#0</c>, <c>solved#1</c> or <c>owner#2</c> for the steps that can repeat. They are stored, and make the
/// transitions' ids, so they never change.
/// </summary>
public static class TransitionKey
{
    /// <summary>The key of a clock's threshold.</summary>
    public static string Of(string instanceId, MetricTransitionKind kind) => $"{instanceId}/{Name(kind)}";

    /// <summary>The key of the next repeatable transition of <paramref name="kind"/>, after those already emitted.</summary>
    public static string Next(TicketTransitionKind kind, IReadOnlyCollection<string> emitted)
    {
        ArgumentNullException.ThrowIfNull(emitted);
        var prefix = kind switch
        {
            TicketTransitionKind.Created => "created#",
            TicketTransitionKind.Solved => "solved#",
            TicketTransitionKind.Reopened => "reopened#",
            TicketTransitionKind.OwnerChanged => "owner#",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a clock's threshold is emitted once"),
        };
        return prefix + emitted.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The clock instance a breach key belongs to; null for any other key.</summary>
    public static string? BreachedInstance(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var suffix = "/" + Name(MetricTransitionKind.Breached);
        return key.EndsWith(suffix, StringComparison.Ordinal) ? key[..^suffix.Length] : null;
    }

    private static string Name(MetricTransitionKind kind) => kind switch
    {
        MetricTransitionKind.AtRisk => "at_risk",
        MetricTransitionKind.Breached => "breached",
        MetricTransitionKind.Achieved => "achieved",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

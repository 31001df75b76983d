using NodaTime;

namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// A level's trigger: <c>at_risk</c>, <c>breached</c>, <c>breached_for &lt;duration&gt;</c> (that long after the
/// breach) or <c>unacknowledged_for &lt;duration&gt;</c> (that long after the previous level was raised without
/// an acknowledgement). <see cref="After"/> is zero for the first two.
/// </summary>
public sealed record EscalationTrigger(EscalationTriggerKind Kind, Duration After)
{
    public override string ToString() => Kind switch
    {
        EscalationTriggerKind.AtRisk => "at_risk",
        EscalationTriggerKind.Breached => "breached",
        EscalationTriggerKind.BreachedFor => $"breached_for {Iso(After)}",
        _ => $"unacknowledged_for {Iso(After)}",
    };

    /// <summary>A duration as configuration writes it: ISO-8601, e.g. <c>PT15M</c> or <c>P1DT12H</c>.</summary>
    public static string Iso(Duration duration) =>
        Period.FromNanoseconds(duration.ToInt64Nanoseconds()).Normalize().ToString();
}

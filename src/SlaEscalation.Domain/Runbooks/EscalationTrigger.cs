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
        EscalationTriggerKind.BreachedFor => $"breached_for {NodaTime.Text.DurationPattern.Roundtrip.Format(After)}",
        _ => $"unacknowledged_for {NodaTime.Text.DurationPattern.Roundtrip.Format(After)}",
    };
}

namespace SlaEscalation.Domain.Runbooks;

/// <summary>What an open escalation's owner must do next.</summary>
public enum OwnerDuty
{
    /// <summary>The level waits for its owner (<c>acknowledge</c>).</summary>
    Acknowledge,

    /// <summary>Acknowledged: achieve the metric (<c>restore_sla</c>).</summary>
    RestoreSla,
}

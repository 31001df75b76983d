namespace SlaEscalation.Domain.Runbooks;

/// <summary>What raises a runbook level.</summary>
public enum EscalationTriggerKind
{
    AtRisk,
    Breached,
    BreachedFor,
    UnacknowledgedFor,
}

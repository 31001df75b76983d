namespace SlaEscalation.Domain.Runbooks;

/// <summary>Who owns an escalation level.</summary>
public enum EscalationOwnerKind
{
    Assignee,
    TeamLead,
    OnCall,
    Engineering,
    User,
}

namespace SlaEscalation.Domain.Simulations;

/// <summary>What a person did to an escalation.</summary>
public enum EscalationInterventionKind
{
    /// <summary>Acknowledged the level raised then: its repeats stop, a level waiting on it stands down.</summary>
    Acknowledged,

    /// <summary>Resolved the escalation by hand: no level is raised after.</summary>
    Resolved,
}

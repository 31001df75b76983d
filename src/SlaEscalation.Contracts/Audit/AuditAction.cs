namespace SlaEscalation.Contracts.Audit;

/// <summary>What an audit entry records (docs/audit.md); <see cref="AuditWireNames"/> gives the wire names.</summary>
[GenerateSerializer, Alias("SlaEscalation.Contracts.Audit.AuditAction")]
public enum AuditAction
{
    /// <summary><c>owner_changed</c>: the ticket's team or agent changed.</summary>
    OwnerChanged = 0,

    /// <summary><c>policy_applied</c>: a (different) SLA policy now applies to the ticket.</summary>
    PolicyApplied = 1,

    /// <summary><c>sla_at_risk</c>.</summary>
    SlaAtRisk = 2,

    /// <summary><c>sla_breached</c>.</summary>
    SlaBreached = 3,

    /// <summary><c>sla_achieved</c>.</summary>
    SlaAchieved = 4,

    /// <summary><c>escalation_raised</c>.</summary>
    EscalationRaised = 5,

    /// <summary><c>escalation_acknowledged</c>.</summary>
    EscalationAcknowledged = 6,

    /// <summary><c>escalation_handed_off</c>.</summary>
    EscalationHandedOff = 7,

    /// <summary><c>task_created</c>: an engineering task was opened.</summary>
    TaskCreated = 8,

    /// <summary><c>task_status_changed</c>: an engineering task's status changed.</summary>
    TaskStatusChanged = 9,

    /// <summary><c>config_changed</c>: a part of the SLA configuration changed.</summary>
    ConfigChanged = 10,

    /// <summary><c>event_rejected</c>: a request of ticket events was refused.</summary>
    EventRejected = 11,

    /// <summary>
    /// <c>escalation_unacknowledged</c>: an escalation level's acknowledgement window passed without an
    /// acknowledgement (an exception for the digest). Not in the first list of actions; added after it, so no earlier
    /// action's number or wire name moves.
    /// </summary>
    EscalationUnacknowledged = 12,

    /// <summary>
    /// <c>escalation_resolved</c>: a person resolved an escalation by hand (one that ends because its metric was
    /// achieved or its ticket solved shows as <c>sla_achieved</c> or the ticket's status). Added after the
    /// first list, like <see cref="EscalationUnacknowledged"/>.
    /// </summary>
    EscalationResolved = 13,

    /// <summary>
    /// <c>task_linked</c>: an engineering task's issue was made in the engineering team's own tracker (Jira,
    /// Linear). Added after the first list, like <see cref="EscalationUnacknowledged"/>.
    /// </summary>
    TaskLinked = 14,

    /// <summary>
    /// <c>task_assigned</c>: an engineering task's assignee changed. Added after the first list, like
    /// <see cref="EscalationUnacknowledged"/>.
    /// </summary>
    TaskAssigned = 15,
}

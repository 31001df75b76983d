namespace SlaEscalation.Contracts.Escalations;

/// <summary>The escalation and engineering-task notice types of the internal event bus.</summary>
public static class EscalationNoticeTypes
{
    public const string Raised = "escalation.raised";
    public const string Acknowledged = "escalation.acknowledged";
    public const string HandedOff = "escalation.handed_off";
    public const string Resolved = "escalation.resolved";

    /// <summary>A level's acknowledgement window passed without an acknowledgement (an exception for the digest).</summary>
    public const string AcknowledgementTimedOut = "escalation.unacknowledged";

    /// <summary>An unacknowledged level notified its owner again (one of its repeats).</summary>
    public const string Renotified = "escalation.renotified";

    public const string TaskCreated = "task.created";
    public const string TaskStatusChanged = "task.status_changed";

    /// <summary>The stream namespace notices are published on, keyed by ticket key.</summary>
    public const string StreamNamespace = "sla-escalations";
}

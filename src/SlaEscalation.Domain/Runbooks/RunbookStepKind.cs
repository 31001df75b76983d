namespace SlaEscalation.Domain.Runbooks;

/// <summary>A step of an escalation's history; <see cref="RunbookStep.Name"/> gives the name its history shows.</summary>
public enum RunbookStepKind
{
    /// <summary>A level was raised (<c>raised</c>).</summary>
    Raised,

    /// <summary>An unacknowledged level notified its owner again (<c>notified</c>).</summary>
    Notified,

    /// <summary>A level's <c>reassign</c> action moved the ticket (<c>reassigned</c>).</summary>
    Reassigned,

    /// <summary>A level's <c>create_task</c> action opened an engineering task (<c>task_created</c>).</summary>
    TaskCreated,

    /// <summary>A level's acknowledgement window passed (<c>ack_timed_out</c>).</summary>
    AcknowledgementTimedOut,

    /// <summary>The owner acknowledged the level (<c>acknowledged</c>).</summary>
    Acknowledged,

    /// <summary>A person handed the escalation to another owner (<c>handed_off</c>).</summary>
    HandedOff,

    /// <summary>The escalation ended (<c>resolved</c>).</summary>
    Resolved,
}

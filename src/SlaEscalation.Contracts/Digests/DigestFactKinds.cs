namespace SlaEscalation.Contracts.Digests;

/// <summary>The kinds of <see cref="DigestFact"/>, as stored in the digest ledger.</summary>
public static class DigestFactKinds
{
    /// <summary>A ticket was created (<c>ticket.created</c>).</summary>
    public const string New = "new";

    /// <summary>A ticket was solved (<c>ticket.solved</c>).</summary>
    public const string Solved = "solved";

    /// <summary>A solved ticket was reopened (<c>ticket.reopened</c>): an exception.</summary>
    public const string Reopened = "reopened";

    /// <summary>A metric breached (<c>sla.breached</c>).</summary>
    public const string Breached = "breached";

    /// <summary>A metric was achieved (<c>sla.achieved</c>), on time or late.</summary>
    public const string Achieved = "achieved";

    /// <summary>An escalation was raised.</summary>
    public const string EscalationRaised = "escalation_raised";

    /// <summary>An escalation level was acknowledged.</summary>
    public const string EscalationAcknowledged = "escalation_acknowledged";

    /// <summary>An escalation level's acknowledgement window passed: an exception.</summary>
    public const string EscalationUnacknowledged = "escalation_unacknowledged";

    /// <summary>An engineering task was opened.</summary>
    public const string TaskOpened = "task_opened";

    /// <summary>An engineering task was closed.</summary>
    public const string TaskClosed = "task_closed";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        New, Solved, Reopened, Breached, Achieved, EscalationRaised, EscalationAcknowledged, EscalationUnacknowledged,
        TaskOpened, TaskClosed,
    ];
}

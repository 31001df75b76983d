using NodaTime;

namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// One escalation level: raised by <see cref="Trigger"/>, owned by <see cref="Owner"/>, doing
/// <see cref="Actions"/>. Unacknowledged when <see cref="AcknowledgeWithin"/> has passed since it was raised, it
/// notifies its owner again <see cref="Repeats"/> times, <see cref="RepeatEvery"/> apart, the first one
/// <see cref="RepeatEvery"/> after the window ends.
/// </summary>
/// <param name="Trigger">What raises it.</param>
/// <param name="Owner">Who owns the escalation once it is raised.</param>
/// <param name="Actions">What it does when raised.</param>
/// <param name="AcknowledgeWithin">Its acknowledgement window (<c>ackWithin</c>), from when it was due.</param>
/// <param name="Repeats">How many times it notifies its owner again once the window has passed (<c>repeats</c>).</param>
/// <param name="RepeatEvery">The interval of the repeats (<c>repeatEvery</c>); the acknowledgement window when absent.</param>
public sealed record RunbookLevel(
    EscalationTrigger Trigger,
    EscalationOwner Owner,
    IReadOnlyList<EscalationAction> Actions,
    Duration AcknowledgeWithin,
    int Repeats,
    Duration RepeatEvery)
{
    /// <summary>
    /// How long after the level was raised its acknowledgement window ends (<paramref name="repeat"/> 0), or its
    /// <paramref name="repeat"/>-th repeat is due: <c>ackWithin + repeat × repeatEvery</c>.
    /// </summary>
    public Duration DueAfterRaise(int repeat) => AcknowledgeWithin + (RepeatEvery * repeat);

    /// <summary>The level's actions as the runbook names them, e.g. <c>notify, reassign</c>.</summary>
    public string ActionList => string.Join(", ", Actions.Select(action => action switch
    {
        EscalationAction.Notify => "notify",
        EscalationAction.Reassign => "reassign",
        _ => "create_task",
    }));
}

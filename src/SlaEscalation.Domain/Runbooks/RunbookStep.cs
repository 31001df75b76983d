namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// A step to record in an escalation's history, with the effects it asks to be carried out after it is written.
/// </summary>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Level">The level it belongs to.</param>
/// <param name="Owner">The owner after the step.</param>
/// <param name="Actor">Who took it: <see cref="RunbookProgress.Actor"/> for the runbook, else the person.</param>
/// <param name="Detail">Anything else a reader needs: a trigger and actions, a hand-off's reason, a repeat count.</param>
/// <param name="Effects">What to carry out once the step is written, in order.</param>
/// <param name="Repeat">For a <see cref="RunbookStepKind.Notified"/> step, which repeat it is, from 1; else 0.</param>
public sealed record RunbookStep(
    DateTimeOffset At,
    RunbookStepKind Kind,
    int Level,
    string Owner,
    string Actor,
    string? Detail,
    IReadOnlyList<RunbookEffect> Effects,
    int Repeat = 0)
{
    /// <summary>The step's name in an escalation's history, e.g. <c>ack_timed_out</c>.</summary>
    public string Name => Kind switch
    {
        RunbookStepKind.Raised => "raised",
        RunbookStepKind.Notified => "notified",
        RunbookStepKind.Reassigned => "reassigned",
        RunbookStepKind.TaskCreated => "task_created",
        RunbookStepKind.AcknowledgementTimedOut => "ack_timed_out",
        RunbookStepKind.Acknowledged => "acknowledged",
        RunbookStepKind.HandedOff => "handed_off",
        _ => "resolved",
    };
}

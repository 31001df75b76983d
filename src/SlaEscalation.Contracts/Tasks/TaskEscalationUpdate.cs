using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Contracts.Tasks;

/// <summary>
/// What an escalation tells the tasks its levels opened when its owner changes (a hand-off, a next level): its owner
/// and path now. A task drops an update from another escalation, and one whose path is no longer than the one it has.
/// </summary>
/// <param name="TaskId">The tracker's reference to the task (what opening it returned).</param>
/// <param name="EscalationId">The escalation.</param>
/// <param name="EscalationOwner">Its owner now.</param>
/// <param name="EscalationPath">Its steps so far.</param>
/// <param name="At">When the owner changed.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.TaskEscalationUpdate")]
public sealed record TaskEscalationUpdate(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string EscalationId,
    [property: Id(2)] string EscalationOwner,
    [property: Id(3)] IReadOnlyList<EscalationStep> EscalationPath,
    [property: Id(4)] DateTimeOffset At);

namespace SlaEscalation.Contracts.Escalations;

/// <summary>The answer to an acknowledgement, hand-off or resolution.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Escalation">The escalation after the command; null when there is none.</param>
/// <param name="Problem">Why the command was refused, for a refused outcome.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Escalations.EscalationCommandResult")]
public sealed record EscalationCommandResult(
    [property: Id(0)] EscalationCommandOutcome Outcome,
    [property: Id(1)] EscalationView? Escalation,
    [property: Id(2)] string? Problem = null);

/// <summary>How an escalation command ended.</summary>
[GenerateSerializer, Alias("SlaEscalation.Contracts.Escalations.EscalationCommandOutcome")]
public enum EscalationCommandOutcome
{
    /// <summary>Done (or already done: a repeat changes nothing).</summary>
    Applied = 0,

    /// <summary>No escalation has this id.</summary>
    NotFound = 1,

    /// <summary>The escalation is resolved; it takes no more commands.</summary>
    Closed = 2,

    /// <summary>A hand-off to the owner it already has: nothing changed.</summary>
    AlreadyOwner = 3,
}

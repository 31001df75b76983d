namespace SlaEscalation.Domain.Runbooks;

/// <summary>Something a step asks to be carried out, outside the escalation, once the step is recorded.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Level">The level that asks for it.</param>
/// <param name="TicketOwner">For <see cref="RunbookEffectKind.Reassign"/>: who the ticket goes to.</param>
/// <param name="EngineeringTeam">For <see cref="RunbookEffectKind.CreateTask"/>: the engineering team of an <c>engineering:&lt;team&gt;</c> owner.</param>
public sealed record RunbookEffect(RunbookEffectKind Kind, int Level, TicketAssignment? TicketOwner, string? EngineeringTeam)
{
    /// <summary>Tell the tasks of the escalation's new owner.</summary>
    public static RunbookEffect FollowOwner(int level) => new(RunbookEffectKind.FollowOwner, level, null, null);
}

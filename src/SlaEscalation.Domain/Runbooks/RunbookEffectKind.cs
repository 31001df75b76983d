namespace SlaEscalation.Domain.Runbooks;

/// <summary>What a step asks to be carried out once it is recorded.</summary>
public enum RunbookEffectKind
{
    /// <summary>Move the ticket to the level's owner (a level's <c>reassign</c> action).</summary>
    Reassign,

    /// <summary>Open the level's engineering task (a level's <c>create_task</c> action).</summary>
    CreateTask,

    /// <summary>Tell the tasks opened so far who owns the escalation now.</summary>
    FollowOwner,
}

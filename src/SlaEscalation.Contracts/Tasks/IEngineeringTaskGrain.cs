namespace SlaEscalation.Contracts.Tasks;

/// <summary>An engineering task of the internal issue tracker. Key = the task id.</summary>
[Alias("SlaEscalation.Contracts.Tasks.IEngineeringTaskGrain")]
public interface IEngineeringTaskGrain : IGrainWithStringKey
{
    /// <summary>Opens the task, or returns it as it is when it is open already: a step that fires again opens nothing new.</summary>
    [Alias("Open")]
    Task<EngineeringTaskView> OpenAsync(TaskOpening opening);

    /// <summary>
    /// Takes its escalation's owner and path now (<see cref="TaskEscalationUpdate"/>); drops an update from another
    /// escalation or an older one. Null when none has this id.
    /// </summary>
    [Alias("FollowEscalation")]
    Task<EngineeringTaskView?> FollowEscalationAsync(TaskEscalationUpdate update);

    /// <summary>The task; null when none has this id.</summary>
    [Alias("Get")]
    Task<EngineeringTaskView?> GetAsync();

    /// <summary>
    /// Changes status or assignee; a status change goes onto the ticket's timeline with <paramref name="actor"/> (the
    /// authenticated principal) as its actor and the update's <c>By</c> beside it. Null when none has this id.
    /// </summary>
    [Alias("Update")]
    Task<EngineeringTaskView?> UpdateAsync(TaskUpdate update, string actor);

    /// <summary>
    /// Takes the tracker's issue for this task: shown in the task and, the first time, on the ticket's timeline. A
    /// repeat changes nothing. Null when none has this id or the task asked no tracker for an issue.
    /// </summary>
    [Alias("LinkExternal")]
    Task<EngineeringTaskView?> LinkExternalAsync(ExternalIssueLink link);

    /// <summary>Records that the tracker refused the task's issue for good, with why. Null when none has this id.</summary>
    [Alias("ExternalFailed")]
    Task<EngineeringTaskView?> ExternalFailedAsync(string error);

    /// <summary>
    /// Takes a status the task's issue reached in its tracker at <paramref name="at"/> (its signed webhook), as
    /// <see cref="UpdateAsync"/> does with an adapter as the actor: the same status again changes nothing. False, and
    /// nothing changes, when none has this id or a tracker event as new or newer was taken already (a replay, or an
    /// older event delivered late); true when taken.
    /// </summary>
    [Alias("TrackerStatus")]
    Task<bool> TrackerStatusAsync(TaskUpdate update, string actor, DateTimeOffset at);
}

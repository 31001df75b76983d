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
}

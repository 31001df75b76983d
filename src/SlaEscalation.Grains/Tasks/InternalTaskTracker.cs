using SlaEscalation.Contracts.Tasks;

namespace SlaEscalation.Grains.Tasks;

/// <summary>The built-in issue tracker: one <see cref="IEngineeringTaskGrain"/> per task id.</summary>
public sealed class InternalTaskTracker(IGrainFactory grains) : ITaskTracker
{
    public async Task<string> OpenAsync(TaskOpening opening, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var task = await grains.GetGrain<IEngineeringTaskGrain>(opening.TaskId).OpenAsync(opening);
        return task.Id;
    }

    public Task FollowAsync(TaskEscalationUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return grains.GetGrain<IEngineeringTaskGrain>(update.TaskId).FollowEscalationAsync(update);
    }
}

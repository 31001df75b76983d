using SlaEscalation.Contracts.Tasks;

namespace SlaEscalation.Grains.Tasks;

/// <summary>
/// The issue-tracker port: where engineering tasks are opened. The internal tracker is the built-in one, and it
/// reaches a team's Jira or Linear itself (each task asks for its one outside issue, <see cref="TrackerCommand"/>), so
/// the task, its timeline and its digest counts stay here; another implementation would replace the internal tracker.
/// </summary>
public interface ITaskTracker
{
    /// <summary>
    /// Opens the task <paramref name="opening"/> describes, or finds the one already opened for the same
    /// <see cref="TaskOpening.TaskId"/>; returns the tracker's reference to it. Must be idempotent by task id.
    /// </summary>
    Task<string> OpenAsync(TaskOpening opening, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the task <see cref="TaskEscalationUpdate.TaskId"/> its escalation's owner and path after a hand-off or a
    /// next level. May come more than once: must drop an update whose path is no longer than the last one taken.
    /// </summary>
    Task FollowAsync(TaskEscalationUpdate update, CancellationToken cancellationToken = default);
}

using System.Collections.Concurrent;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>
/// An outside issue tracker (as a Jira adapter would be) behind the task port: it keeps every call, in order, and
/// answers an opening with a reference of its own (<c>TRK-</c> and the task id).
/// </summary>
public sealed class RecordingTaskTracker : ITaskTracker
{
    private readonly ConcurrentQueue<TaskOpening> openings = new();
    private readonly ConcurrentQueue<TaskEscalationUpdate> follows = new();

    public IReadOnlyList<TaskOpening> Openings => [.. openings];

    public IReadOnlyList<TaskEscalationUpdate> Follows => [.. follows];

    public static string ReferenceOf(string taskId) => "TRK-" + taskId;

    public Task<string> OpenAsync(TaskOpening opening, CancellationToken cancellationToken = default)
    {
        openings.Enqueue(opening);
        return Task.FromResult(ReferenceOf(opening.TaskId));
    }

    public Task FollowAsync(TaskEscalationUpdate update, CancellationToken cancellationToken = default)
    {
        follows.Enqueue(update);
        return Task.CompletedTask;
    }
}

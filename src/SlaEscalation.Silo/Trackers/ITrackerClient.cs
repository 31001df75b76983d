using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Silo.Trackers;

/// <summary>One tracker's API, as the <see cref="TrackerChannel"/> uses it: find a task's issue, make it, comment on it.</summary>
public interface ITrackerClient
{
    /// <summary><c>jira</c> or <c>linear</c>.</summary>
    string Tracker { get; }

    /// <summary>The issue already made for <paramref name="task"/>, found by what carries its task id; null when there is none.</summary>
    Task<TrackerCall<ExternalIssueLink>> FindAsync(TrackerConnection connection, EngineeringTaskView task, CancellationToken cancellationToken);

    /// <summary>Makes the task's issue with its whole story (<paramref name="story"/>).</summary>
    Task<TrackerCall<ExternalIssueLink>> CreateAsync(
        TrackerConnection connection, TrackerCommand command, EngineeringTaskView task, TaskStory story, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="text"/> as a comment on the issue.</summary>
    Task<TrackerCall<bool>> CommentAsync(TrackerConnection connection, ExternalIssue issue, string text, CancellationToken cancellationToken);
}

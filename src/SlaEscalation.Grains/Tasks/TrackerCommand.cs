using System.Text.Json;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tasks;

/// <summary>
/// One thing a task asks of its team's tracker (make its issue, or comment on it), carried as a notification through
/// the <see cref="Channel"/> channel, so the delivery grains' durable retries, <c>Retry-After</c> and failure log
/// serve trackers as they serve webhooks.
/// </summary>
/// <param name="Operation"><see cref="Create"/> or <see cref="Comment"/>.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Tracker"><c>jira</c> or <c>linear</c>.</param>
/// <param name="Connection">The connection whose settings reach the tracker.</param>
/// <param name="Project">Jira: the project key.</param>
/// <param name="IssueType">Jira: the issue type's name.</param>
/// <param name="LinearTeamId">Linear: the team's id.</param>
/// <param name="Priority">The tracker's priority for the ticket's, when it has one.</param>
/// <param name="Text">For a comment: what it says.</param>
public sealed record TrackerCommand(
    string Operation,
    string TaskId,
    string Tracker,
    string Connection,
    string? Project,
    string? IssueType,
    string? LinearTeamId,
    string? Priority,
    string? Text)
{
    /// <summary>The channel tracker commands are delivered through; it takes no notification the notifier sends.</summary>
    public const string Channel = "tracker";

    public const string Create = "create";
    public const string Comment = "comment";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The command that makes <paramref name="task"/>'s issue in <paramref name="tracker"/>.</summary>
    public static TrackerCommand CreateFor(EngineeringTaskView task, TeamTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(tracker);
        return new(
            Create, task.Id, Wire(tracker.Kind), tracker.Connection!, tracker.Project, tracker.IssueType, tracker.LinearTeamId,
            tracker.VendorPriority(task.Ticket.Priority), null);
    }

    /// <summary>A comment on the issue <paramref name="external"/> names.</summary>
    public static TrackerCommand CommentFor(string taskId, ExternalIssue external, string text) =>
        new(Comment, taskId, external.Tracker, external.Connection, null, null, null, null, text);

    /// <summary>The tracker's wire name.</summary>
    public static string Wire(TrackerKind kind) => kind switch
    {
        TrackerKind.Jira => "jira",
        TrackerKind.Linear => "linear",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an outside tracker"),
    };

    /// <summary>This command as a notification: <paramref name="key"/> is its delivery key, the same on every repeat.</summary>
    public Notification ToNotification(string key, string ticketKey, DateTimeOffset at, string? team) =>
        new(key, "tracker." + Operation, ticketKey, at, JsonSerializer.Serialize(this, Json), team);

    /// <summary>The command a notification of the tracker channel carries.</summary>
    public static TrackerCommand FromNotification(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return JsonSerializer.Deserialize<TrackerCommand>(notification.DataJson, Json)
            ?? throw new ArgumentException($"notification '{notification.DeliveryKey}' carries no tracker command", nameof(notification));
    }
}

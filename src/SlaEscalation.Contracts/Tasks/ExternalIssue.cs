namespace SlaEscalation.Contracts.Tasks;

/// <summary>
/// A task's issue in the engineering team's own tracker (Jira or Linear): asked for when the task opened, linked once
/// the tracker made it, failed when the tracker refused it for good.
/// </summary>
/// <param name="Tracker"><c>jira</c> or <c>linear</c>.</param>
/// <param name="Connection">The connection whose settings reach the tracker.</param>
/// <param name="Status"><c>pending</c>, <c>linked</c> or <c>failed</c> (<see cref="ExternalIssueStatuses"/>).</param>
/// <param name="IssueId">The tracker's id of the issue (Jira's numeric id, Linear's UUID); null until linked.</param>
/// <param name="IssueKey">The issue's human key (<c>ENG-42</c>); null until linked.</param>
/// <param name="Url">Where a person opens the issue; null until linked.</param>
/// <param name="Error">Why the tracker refused it, when failed: an HTTP status and the tracker's words, never a secret.</param>
/// <param name="At">When its status last changed.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.ExternalIssue")]
public sealed record ExternalIssue(
    [property: Id(0)] string Tracker,
    [property: Id(1)] string Connection,
    [property: Id(2)] string Status,
    [property: Id(3)] string? IssueId,
    [property: Id(4)] string? IssueKey,
    [property: Id(5)] string? Url,
    [property: Id(6)] string? Error,
    [property: Id(7)] DateTimeOffset At);

/// <summary>The statuses of an <see cref="ExternalIssue"/>.</summary>
public static class ExternalIssueStatuses
{
    public const string Pending = "pending";
    public const string Linked = "linked";
    public const string Failed = "failed";
}

/// <summary>What the tracker answered for a task's issue: its id, key and link.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.ExternalIssueLink")]
public sealed record ExternalIssueLink(
    [property: Id(0)] string IssueId,
    [property: Id(1)] string IssueKey,
    [property: Id(2)] string Url);

using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Contracts.Tasks;

/// <summary>
/// An engineering task in the internal issue tracker (GET /v1/tasks/{id}): the whole story of the ticket that asked
/// for it, and its own status.
/// </summary>
/// <param name="Id">The task id (<c>task_</c> and 20 characters).</param>
/// <param name="TicketKey">The ticket.</param>
/// <param name="TicketLink">Where the ticket is read: <c>/v1/tickets/{key}</c>.</param>
/// <param name="Title">A one-line title: the metric escalated and the ticket's subject.</param>
/// <param name="Status"><c>open</c>, <c>in_progress</c>, <c>blocked</c>, <c>done</c> or <c>wont_do</c>.</param>
/// <param name="Assignee">Who in engineering works on it; null until someone takes it.</param>
/// <param name="EngineeringTeam">The engineering team it was opened for, when the level names one.</param>
/// <param name="Ticket">The ticket as it was when the task was opened: fields, owner, SLA clocks and deadlines, recent public activity.</param>
/// <param name="EscalationId">The escalation whose level opened it.</param>
/// <param name="EscalationOwner">The escalation's owner now: the escalation tells its tasks of each hand-off and level.</param>
/// <param name="EscalationPath">The escalation's steps up to its last owner change (or the task's opening), oldest first.</param>
/// <param name="CreatedAt">When it was opened.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="History">Every change made to it (status, assignee, with the note sent), oldest first.</param>
/// <param name="External">Its issue in the engineering team's own tracker, when the team has one.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.EngineeringTaskView")]
public sealed record EngineeringTaskView(
    [property: Id(0)] string Id,
    [property: Id(1)] string TicketKey,
    [property: Id(2)] string TicketLink,
    [property: Id(3)] string Title,
    [property: Id(4)] string Status,
    [property: Id(5)] string? Assignee,
    [property: Id(6)] string? EngineeringTeam,
    [property: Id(7)] TicketContext Ticket,
    [property: Id(8)] string EscalationId,
    [property: Id(9)] string EscalationOwner,
    [property: Id(10)] IReadOnlyList<EscalationStep> EscalationPath,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] IReadOnlyList<TaskHistoryEntry> History,
    [property: Id(14)] ExternalIssue? External = null);

/// <summary>One accepted change of a task: its status, its assignee or both, and the note sent with it.</summary>
/// <param name="At">When it was made.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after (the status before, when only the assignee changed).</param>
/// <param name="By">Who made it.</param>
/// <param name="Note">The note sent with it.</param>
/// <param name="AssigneeFrom">The assignee before, when the assignee changed (null when there was none).</param>
/// <param name="AssigneeTo">The assignee after; null when the assignee did not change.</param>
/// <remarks>Its alias is the one status changes were stored under, so tasks saved before read back.</remarks>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.TaskStatusChange")]
public sealed record TaskHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] string By,
    [property: Id(4)] string? Note,
    [property: Id(5)] string? AssigneeFrom = null,
    [property: Id(6)] string? AssigneeTo = null);

/// <summary>The statuses of an engineering task.</summary>
public static class TaskStatuses
{
    public const string Open = "open";
    public const string InProgress = "in_progress";
    public const string Blocked = "blocked";
    public const string Done = "done";
    public const string WontDo = "wont_do";

    /// <summary>Every status, in the order a task usually moves through them.</summary>
    public static IReadOnlyList<string> All { get; } = [Open, InProgress, Blocked, Done, WontDo];

    /// <summary>Whether <paramref name="status"/> ends the task's work.</summary>
    public static bool IsClosed(string status) => status is Done or WontDo;
}

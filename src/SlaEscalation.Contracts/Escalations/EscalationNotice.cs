namespace SlaEscalation.Contracts.Escalations;

/// <summary>
/// A step of an escalation or an engineering task, published on the internal event bus (namespace
/// <see cref="EscalationNoticeTypes.StreamNamespace"/>, keyed by ticket key). <see cref="NoticeId"/> is stable, so
/// consumers drop repeats.
/// </summary>
/// <param name="NoticeId">Stable id of this step.</param>
/// <param name="Type">One of <see cref="EscalationNoticeTypes"/>.</param>
/// <param name="TicketKey">The ticket escalated.</param>
/// <param name="EscalationId">The escalation.</param>
/// <param name="Team">The ticket's team when the step happened (whose digest counts it).</param>
/// <param name="Metric">The metric escalated (wire name).</param>
/// <param name="Level">The runbook level, from 1.</param>
/// <param name="Owner">The escalation's owner after the step (<c>user:</c>, <c>team:</c> or <c>engineering:</c> reference).</param>
/// <param name="At">When the step happened.</param>
/// <param name="Actor">Who took it: <c>escalation</c> for the runbook, or the caller's name.</param>
/// <param name="Detail">What else a reader needs: a hand-off's reason, a task's status.</param>
/// <param name="TaskId">The engineering task, for task notices.</param>
/// <param name="Priority">The ticket's priority (wire name).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Escalations.EscalationNotice")]
public sealed record EscalationNotice(
    [property: Id(0)] string NoticeId,
    [property: Id(1)] string Type,
    [property: Id(2)] string TicketKey,
    [property: Id(3)] string EscalationId,
    [property: Id(4)] string Team,
    [property: Id(5)] string? Metric,
    [property: Id(6)] int Level,
    [property: Id(7)] string Owner,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string Actor,
    [property: Id(10)] string? Detail = null,
    [property: Id(11)] string? TaskId = null,
    [property: Id(12)] string? Priority = null);

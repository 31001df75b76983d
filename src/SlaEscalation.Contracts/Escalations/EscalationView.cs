namespace SlaEscalation.Contracts.Escalations;

/// <summary>
/// An escalation as callers see it (GET /v1/escalations): while open it always has exactly one owner, a next action
/// and a due time.
/// </summary>
/// <param name="Id">The escalation's id (<c>esc_</c> and 20 characters).</param>
/// <param name="TicketKey">The ticket escalated.</param>
/// <param name="Metric">The metric (wire name).</param>
/// <param name="InstanceId">The metric instance, e.g. <c>first_reply</c> or <c>next_reply#1</c>.</param>
/// <param name="RunbookId">The runbook followed.</param>
/// <param name="Team">The ticket's team when the escalation was raised.</param>
/// <param name="State"><c>open</c> or <c>resolved</c>.</param>
/// <param name="Level">The level raised last, from 1.</param>
/// <param name="Owner">The owner: <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c> (the team's queue).</param>
/// <param name="Acknowledged">Whether the current level was acknowledged.</param>
/// <param name="NextAction">What the owner must do next and by when; null once resolved.</param>
/// <param name="RaisedAt">When the first level was raised.</param>
/// <param name="UpdatedAt">When the escalation last changed.</param>
/// <param name="ResolvedAt">When it ended; null while open.</param>
/// <param name="Resolution">Why it ended: <c>achieved</c>, <c>solved</c> or <c>resolved</c> (by a person); null while open.</param>
/// <param name="TaskIds">The engineering tasks its levels opened.</param>
/// <param name="History">Every step, oldest first.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Escalations.EscalationView")]
public sealed record EscalationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string TicketKey,
    [property: Id(2)] string Metric,
    [property: Id(3)] string InstanceId,
    [property: Id(4)] string RunbookId,
    [property: Id(5)] string Team,
    [property: Id(6)] string State,
    [property: Id(7)] int Level,
    [property: Id(8)] string Owner,
    [property: Id(9)] bool Acknowledged,
    [property: Id(10)] NextAction? NextAction,
    [property: Id(11)] DateTimeOffset RaisedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] DateTimeOffset? ResolvedAt,
    [property: Id(14)] string? Resolution,
    [property: Id(15)] IReadOnlyList<string> TaskIds,
    [property: Id(16)] IReadOnlyList<EscalationStep> History);

/// <summary>What an open escalation's owner must do next, and by when.</summary>
/// <param name="Action"><c>acknowledge</c> (the level waits for its owner) or <c>restore_sla</c> (acknowledged; achieve the metric).</param>
/// <param name="Description">The same in words, naming what happens at <paramref name="DueAt"/>.</param>
/// <param name="DueAt">When it is due.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Escalations.NextAction")]
public sealed record NextAction(
    [property: Id(0)] string Action,
    [property: Id(1)] string Description,
    [property: Id(2)] DateTimeOffset DueAt);

/// <summary>One step of an escalation's history.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Step"><c>raised</c>, <c>notified</c>, <c>reassigned</c>, <c>task_created</c>, <c>ack_timed_out</c>, <c>acknowledged</c>, <c>handed_off</c>, <c>resolved</c>.</param>
/// <param name="Level">The level it belongs to.</param>
/// <param name="Owner">The owner after the step.</param>
/// <param name="Actor">Who took it: <c>escalation</c> for the runbook, else the person or API key.</param>
/// <param name="Detail">Anything else: a hand-off's reason, a task id.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Escalations.EscalationStep")]
public sealed record EscalationStep(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Step,
    [property: Id(2)] int Level,
    [property: Id(3)] string Owner,
    [property: Id(4)] string Actor,
    [property: Id(5)] string? Detail);

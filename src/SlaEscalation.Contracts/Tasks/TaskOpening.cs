using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Contracts.Tasks;

/// <summary>What opening an engineering task needs: the ticket's story and the escalation that asks for it.</summary>
/// <param name="TaskId">The task's id: one per ticket and runbook step (<see cref="EscalationIds.TaskOf"/>).</param>
/// <param name="Metric">The metric escalated (wire name).</param>
/// <param name="EngineeringTeam">The engineering team the level names, if any.</param>
/// <param name="Ticket">The ticket now.</param>
/// <param name="EscalationId">The escalation.</param>
/// <param name="EscalationOwner">Its owner now.</param>
/// <param name="EscalationPath">Its steps so far.</param>
/// <param name="At">When the step fired.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.TaskOpening")]
public sealed record TaskOpening(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string Metric,
    [property: Id(2)] string? EngineeringTeam,
    [property: Id(3)] TicketContext Ticket,
    [property: Id(4)] string EscalationId,
    [property: Id(5)] string EscalationOwner,
    [property: Id(6)] IReadOnlyList<EscalationStep> EscalationPath,
    [property: Id(7)] DateTimeOffset At);

/// <summary>A change to a task (PATCH /v1/tasks/{id}); null fields stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tasks.TaskUpdate")]
public sealed record TaskUpdate(
    [property: Id(0)] string? Status,
    [property: Id(1)] string? Assignee,
    [property: Id(2)] string By,
    [property: Id(3)] string? Note);

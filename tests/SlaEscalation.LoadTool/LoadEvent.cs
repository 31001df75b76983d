namespace SlaEscalation.LoadTool;

/// <summary>One ticket event of a workload; <see cref="Step"/> says which, as a ticket's history goes.</summary>
/// <param name="Ticket">The ticket key, <c>{source}:{externalId}</c>.</param>
/// <param name="Step">0 created, 1 requester comment, 2 agent reply, 3 set pending, then alternating comments.</param>
/// <param name="Time">When it happened at the helpdesk.</param>
public readonly record struct LoadEvent(string Ticket, int Step, DateTimeOffset Time);

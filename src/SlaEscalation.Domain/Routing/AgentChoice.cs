namespace SlaEscalation.Domain.Routing;

/// <summary>The agent picked (null: the ticket stays in the team's queue) and the round-robin cursor to keep.</summary>
public sealed record AgentChoice(string? Agent, int NextCursor);

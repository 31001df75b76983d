namespace SlaEscalation.Domain.Routing;

/// <summary>The team a ticket belongs to, and the rule that chose it.</summary>
public sealed record RoutingDecision(string RuleId, string TeamId, bool AssignAgent);

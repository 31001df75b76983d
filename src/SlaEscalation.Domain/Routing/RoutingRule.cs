using SlaEscalation.Domain.Policies;

namespace SlaEscalation.Domain.Routing;

/// <summary>
/// One ordered routing rule: tickets matching <see cref="When"/> go to <see cref="TeamId"/>, and when
/// <see cref="AssignAgent"/> is set an agent is also picked with the team's assignment strategy.
/// </summary>
public sealed record RoutingRule(string Id, TicketCondition When, string TeamId, bool AssignAgent);

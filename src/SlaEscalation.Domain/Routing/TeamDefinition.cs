using NodaTime;

namespace SlaEscalation.Domain.Routing;

/// <summary>
/// A support team: its agents, lead and on-call agent, the zone and local hour of its daily digest, how long a
/// ticket may stay without an agent before that is an exception, and how agents are picked; optionally where its
/// escalations and digest go in Slack (<see cref="Slack"/>).
/// </summary>
public sealed record TeamDefinition(
    string Id,
    IReadOnlyList<string> Members,
    string? Lead,
    string? OnCall,
    DateTimeZone Zone,
    int DigestHour,
    Duration UnassignedLimit,
    AssignmentStrategy Assignment,
    TeamTracker? Tracker = null,
    TeamSlack? Slack = null);

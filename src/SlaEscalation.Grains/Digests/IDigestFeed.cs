using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Where the event bus's transitions and escalation notices go to be counted in the daily digests:
/// <see cref="DigestFeed"/> on a silo that runs digests, <see cref="NoDigestFeed"/> on one that does not.
/// </summary>
public interface IDigestFeed
{
    /// <summary>Counts <paramref name="transition"/> in its team's day; returns once the count is durable.</summary>
    Task RecordAsync(SlaTransition transition);

    /// <summary>Counts <paramref name="notice"/> in its team's day; returns once the count is durable.</summary>
    Task RecordAsync(EscalationNotice notice);
}

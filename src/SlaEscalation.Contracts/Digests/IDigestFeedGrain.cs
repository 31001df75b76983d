namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// The digest's subscriber to the escalation notices on the internal event bus, one per ticket (implicit
/// subscriptions bind a stream's key to a grain's key): it turns each notice into a <see cref="DigestFact"/> and hands
/// it to the aggregator of the team and local day it belongs to; the ticket's own transitions reach the digest
/// through the ticket's follower. Nothing calls it directly.
/// </summary>
[Alias("SlaEscalation.Contracts.Digests.IDigestFeedGrain")]
public interface IDigestFeedGrain : IGrainWithStringKey;

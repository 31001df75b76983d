namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// The digest's subscriber to the internal event bus, one per ticket (implicit subscriptions bind a stream's key to
/// a grain's key): it turns each transition and escalation notice into a <see cref="DigestFact"/> and hands it to
/// the aggregator of the team and local day it belongs to. Nothing calls it directly.
/// </summary>
[Alias("SlaEscalation.Contracts.Digests.IDigestFeedGrain")]
public interface IDigestFeedGrain : IGrainWithStringKey;

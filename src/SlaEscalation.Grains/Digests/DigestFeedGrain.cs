using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Subscribes implicitly to a ticket's escalation notices on the event bus and hands each fact to the aggregator of
/// its team's local day (<see cref="DigestFeed"/>), waiting until the aggregator has it durably: a delivery that
/// fails is retried by the stream, and a repeat is counted once by its id. It keeps no state of its own. On a silo
/// that does not run digests its feed (<see cref="NoDigestFeed"/>) counts nothing.
/// </summary>
/// <remarks>
/// The ticket's own transitions reach the digest through its follower, the one subscriber of that namespace: a
/// second subscriber would cost every new ticket one more activation and every transition one more delivery.
/// </remarks>
[ImplicitStreamSubscription(EscalationNoticeTypes.StreamNamespace)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class DigestFeedGrain(IDigestFeed feed) : Grain, IDigestFeedGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<EscalationNotice>().ResumeAsync((notice, _) => feed.RecordAsync(notice));
    }
}

using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Operations;

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
    /// <summary>
    /// How long a feed stays after a notice it handled, when no other comes: a level's notices come together, the
    /// next level minutes later, and a feed that stayed Orleans' two idle minutes after every escalated breach was
    /// the silo's second most numerous activation under a burst of breaches (docs/performance.md, "Escalation
    /// levels"), for a grain that holds nothing but its subscription.
    /// </summary>
    public static readonly TimeSpan KeptAfterNotice = TimeSpan.FromSeconds(10);

    private IdleRelease? release;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<EscalationNotice>().ResumeAsync(async (notice, _) =>
        {
            await feed.RecordAsync(notice);
            (release ??= new IdleRelease(this, DeactivateOnIdle, KeptAfterNotice)).Restart();
        });
    }
}

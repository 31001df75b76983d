using Orleans.Streams;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>Publishes onto the stream of the item's ticket, in the namespace its producers use.</summary>
public sealed class BusPublisherGrain : Grain, IBusPublisherGrain
{
    public Task PublishAsync(SlaTransition transition) =>
        Stream<SlaTransition>(SlaTransitionTypes.StreamNamespace, transition.TicketKey).OnNextAsync(transition);

    public Task PublishAsync(EscalationNotice notice) =>
        Stream<EscalationNotice>(EscalationNoticeTypes.StreamNamespace, notice.TicketKey).OnNextAsync(notice);

    private IAsyncStream<T> Stream<T>(string streamNamespace, string key) =>
        this.GetStreamProvider(EventBus.ProviderName).GetStream<T>(StreamId.Create(streamNamespace, key));
}

using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A consumer of the event bus the way production consumers subscribe: implicitly, one grain per ticket.</summary>
[ImplicitStreamSubscription(SlaTransitionTypes.StreamNamespace)]
public sealed class TransitionRecorderGrain : Grain, ITransitionRecorderGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<SlaTransition>
{
    private readonly List<SlaTransition> received = [];
    private readonly List<IReadOnlyList<string>> messages = [];

    public Task<IReadOnlyList<SlaTransition>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<SlaTransition>>(received.ToArray());

    public Task<IReadOnlyList<IReadOnlyList<string>>> GetMessagesAsync() => Task.FromResult<IReadOnlyList<IReadOnlyList<string>>>(messages.ToArray());

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<SlaTransition>().ResumeAsync(this);

    public Task OnNextAsync(IList<SequentialItem<SlaTransition>> items)
    {
        received.AddRange(items.Select(i => i.Item));
        messages.Add(items.Select(i => i.Item.TransitionId).ToArray());
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A consumer of the event bus the way production consumers subscribe: implicitly, one grain per ticket.</summary>
[ImplicitStreamSubscription(SlaTransitionTypes.StreamNamespace)]
public sealed class TransitionRecorderGrain : Grain, ITransitionRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<SlaTransition>
{
    private readonly List<SlaTransition> received = [];

    public Task<IReadOnlyList<SlaTransition>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<SlaTransition>>(received.ToArray());

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<SlaTransition>().ResumeAsync(this);

    public Task OnNextAsync(SlaTransition item, StreamSequenceToken? token = null)
    {
        received.Add(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

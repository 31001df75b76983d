using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>A consumer of notifications on the event bus, subscribed the way in-cluster consumers are: implicitly, one grain per team.</summary>
[ImplicitStreamSubscription(EventBusChannel.StreamNamespace)]
public sealed class NotificationRecorderGrain : Grain, INotificationRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<Notification>
{
    private readonly List<Notification> received = [];

    public Task<IReadOnlyList<Notification>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<Notification>>(received.ToArray());

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<Notification>().ResumeAsync(this);

    public Task OnNextAsync(Notification item, StreamSequenceToken? token = null)
    {
        received.Add(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

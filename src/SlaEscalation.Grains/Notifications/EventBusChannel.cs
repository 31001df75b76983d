using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// Publishes notifications on the internal event bus (<see cref="EventBus"/>), namespace <see cref="StreamNamespace"/>,
/// one stream per team (<see cref="NoTeamStreamKey"/> for notifications without one). A consumer subscribes
/// implicitly (<c>[ImplicitStreamSubscription("sla-notifications")]</c>) and gets one activation per team; it reads
/// <see cref="Notification.Recipient"/> for whom a notification is meant. Delivered means handed to the bus: memory
/// streams lose what a dying silo held, and a consumer drops repeats by <see cref="Notification.DeliveryKey"/>.
/// </summary>
public sealed class EventBusChannel([FromKeyedServices(EventBus.ProviderName)] IStreamProvider bus) : INotificationChannel
{
    /// <summary>The channel's name, in delivery grain keys and failure records.</summary>
    public const string ChannelName = "bus";

    /// <summary>The stream namespace notifications are published on.</summary>
    public const string StreamNamespace = "sla-notifications";

    /// <summary>The stream key of notifications that concern no team.</summary>
    public const string NoTeamStreamKey = "-";

    public string Name => ChannelName;

    /// <summary>Handing a notification to the bus waits on nothing outside the silo, and the bus's consumers drop repeats.</summary>
    public bool DeliversInProcess => true;

    /// <summary>The stream <paramref name="notification"/> is published on.</summary>
    public static StreamId StreamOf(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return StreamId.Create(StreamNamespace, notification.Team ?? NoTeamStreamKey);
    }

    /// <summary>
    /// Everything but the tickets' own transitions (<c>sla.*</c>, <c>ticket.*</c>): those are on the bus already
    /// (namespace <c>sla-transitions</c>), and relaying each again would cost a durable delivery per transition.
    /// </summary>
    public bool Accepts(string type) =>
        type is not null && !type.StartsWith("sla.", StringComparison.Ordinal) && !type.StartsWith("ticket.", StringComparison.Ordinal);

    public async Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken)
    {
        await bus.GetStream<Notification>(StreamOf(notification)).OnNextAsync(notification);
        return DeliveryOutcome.Delivered;
    }
}

namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// The <see cref="INotifier"/> grains use: hands each notification to one <see cref="NotificationDeliveryGrain"/> per
/// channel that takes its type, and returns once each has recorded it. Over the bus channel alone it is the event-bus
/// notifier, over the webhook channels the webhook notifier; the silo registers it over both.
/// </summary>
public sealed class DurableNotifier(IGrainFactory grains, NotificationChannels channels) : INotifier
{
    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        NotificationRules.EnsureSendable(notification);
        cancellationToken.ThrowIfCancellationRequested();

        // Each acceptance is idempotent by key, so a caller that sees one fail sends the whole notification again.
        return Task.WhenAll(channels.For(notification.Type).Select(channel =>
            grains.GetGrain<INotificationDeliveryGrain>(NotificationDeliveryKey.Of(channel.Name, notification.DeliveryKey)).AcceptAsync(notification)));
    }
}

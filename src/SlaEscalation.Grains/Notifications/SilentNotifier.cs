namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// The notifier of a silo without notification delivery (<see cref="NotificationServiceCollectionExtensions.AddNotificationDelivery"/>
/// not called): it sends nothing, so grains hand their notifications over as if nobody listened.
/// </summary>
public sealed class SilentNotifier : INotifier
{
    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

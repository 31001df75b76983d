namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// One notification's delivery through one channel, keyed by <see cref="NotificationDeliveryKey.Of"/>: records it,
/// delivers it once, retries with backoff, and records a final failure.
/// </summary>
[Alias("SlaEscalation.Grains.Notifications.INotificationDeliveryGrain")]
public interface INotificationDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records <paramref name="notification"/> for delivery and returns once it is in durable state (true), or at once
    /// when this key was accepted before (false: nothing changes, whether it is pending, delivered or failed).
    /// </summary>
    Task<bool> AcceptAsync(Notification notification);

    /// <summary>How the delivery stands; null when nothing was accepted under this key.</summary>
    Task<NotificationDeliveryStatus?> GetStatusAsync();
}

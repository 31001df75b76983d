namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// One way out for notifications: the internal event bus, or one webhook endpoint. A channel makes single attempts
/// and says how each went; recording, deduplication, retries and giving up belong to the
/// <see cref="NotificationDeliveryGrain"/>, the same for every channel.
/// </summary>
public interface INotificationChannel
{
    /// <summary>
    /// The channel's stable name (<c>bus</c>, <c>webhook:{endpoint}</c>): part of each delivery's grain key and the
    /// <see cref="DeliveryFailure.Endpoint"/> of its failures, so renaming a channel starts its deliveries afresh.
    /// </summary>
    string Name { get; }

    /// <summary>
    /// Whether an attempt completes inside the silo, waiting on no receiver outside it (the event bus): the delivery
    /// grain makes such a channel's first attempt while accepting, and a delivered notification then costs one write
    /// instead of a reminder, a timer and two writes. Receivers of such a channel must drop repeats by delivery key.
    /// </summary>
    bool DeliversInProcess => false;

    /// <summary>Whether the channel takes notifications of <paramref name="type"/> (a webhook's type filter).</summary>
    bool Accepts(string type);

    /// <summary>
    /// Makes one attempt to deliver <paramref name="notification"/>; <paramref name="attempt"/> counts from 1.
    /// Returns how it went; an exception counts as a failure worth retrying.
    /// </summary>
    Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken);
}

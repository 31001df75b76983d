namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// The outbound notification port. Grains take it from DI; the silo registers one that hands every notification to
/// the internal event bus and to each configured webhook endpoint whose type filter takes it (see
/// <see cref="DurableNotifier"/>). More channels (chat, e-mail) plug in as <see cref="INotificationChannel"/>s.
/// </summary>
public interface INotifier
{
    /// <summary>
    /// Hands <paramref name="notification"/> over for delivery. Returns once every channel that takes it has recorded
    /// it in durable grain state; delivery and its retries come after, and survive a silo restart. Sending the same
    /// delivery key again (whatever the payload) changes nothing: a key is delivered at most once per channel, except
    /// that a silo dying in the middle of an attempt repeats that attempt (receivers drop repeats by the key).
    /// </summary>
    /// <exception cref="ArgumentException">The notification is not sendable (see <see cref="NotificationRules"/>).</exception>
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}

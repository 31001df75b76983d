namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// The outbound notification port. Implementations: the internal event bus and signed HTTP webhooks; more (chat,
/// e-mail) plug in here.
/// </summary>
public interface INotifier
{
    /// <summary>
    /// Hands <paramref name="notification"/> over for delivery. Returns once it is durably accepted (delivery and its
    /// retries may come later); sending the same delivery key again never delivers it twice.
    /// </summary>
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}

using Orleans.Concurrency;

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
    /// <remarks>
    /// Interleaves with an attempt in progress, so a repeat never waits for one: an attempt may read its sender (a Slack
    /// showing reads the escalation, a tracker attempt writes the issue link to its task) while that sender waits here,
    /// a cycle only the call timeout would break. A repeat that comes while the first acceptance is being stored waits
    /// for it and fails with it.
    /// </remarks>
    [AlwaysInterleave]
    Task<bool> AcceptAsync(Notification notification);

    /// <summary>How the delivery stands; null when nothing was accepted under this key.</summary>
    Task<NotificationDeliveryStatus?> GetStatusAsync();
}

using System.Collections.Concurrent;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>A notifier that keeps every notification handed to it, repeats included.</summary>
public sealed class RecordingNotifier : INotifier
{
    private readonly ConcurrentQueue<Notification> sent = new();

    public IReadOnlyList<Notification> Sent => sent.ToArray();

    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}

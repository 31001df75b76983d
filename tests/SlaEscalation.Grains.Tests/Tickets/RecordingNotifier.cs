using System.Collections.Concurrent;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A notification port that keeps what it is given, in order.</summary>
public sealed class RecordingNotifier : INotifier
{
    private readonly ConcurrentQueue<Notification> sent = new();

    public IReadOnlyList<Notification> Sent => [.. sent];

    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}

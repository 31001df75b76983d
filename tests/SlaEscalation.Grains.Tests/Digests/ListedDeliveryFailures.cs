using System.Collections.Concurrent;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>A delivery failure log the test fills.</summary>
public sealed class ListedDeliveryFailures : IDeliveryFailureLog
{
    private readonly ConcurrentDictionary<(string, string), DeliveryFailure> failures = new();

    public Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        failures.TryAdd((failure.DeliveryKey, failure.Endpoint), failure);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryFailure>> ListAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DeliveryFailure> listed = failures.Values
            .Where(f => (team is null || f.Team == team) && f.FailedAt >= from && f.FailedAt < to)
            .OrderBy(f => f.FailedAt)
            .ToArray();
        return Task.FromResult(listed);
    }
}

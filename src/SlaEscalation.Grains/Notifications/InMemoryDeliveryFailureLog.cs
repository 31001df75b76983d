namespace SlaEscalation.Grains.Notifications;

/// <summary>The failure log of the embedded default: one silo, so one in-process list, gone when it stops.</summary>
public sealed class InMemoryDeliveryFailureLog : IDeliveryFailureLog
{
    private readonly Dictionary<(string DeliveryKey, string Endpoint), DeliveryFailure> failures = [];
    private readonly Lock gate = new();

    public Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (gate)
        {
            failures.TryAdd((failure.DeliveryKey, failure.Endpoint), failure.AsStored());
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryFailure>> ListAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<DeliveryFailure> list = failures.Values
                .Where(f => (team is null || f.Team == team) && f.FailedAt >= from && f.FailedAt < to)
                .OrderBy(f => f.FailedAt)
                .ThenBy(f => f.DeliveryKey, StringComparer.Ordinal)
                .ThenBy(f => f.Endpoint, StringComparer.Ordinal)
                .ToArray();
            return Task.FromResult(list);
        }
    }
}

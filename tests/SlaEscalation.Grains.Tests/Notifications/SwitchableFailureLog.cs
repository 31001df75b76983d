using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>The in-memory failure log, with a switch that makes it unavailable (as a database outage would).</summary>
public sealed class SwitchableFailureLog : IDeliveryFailureLog
{
    private readonly InMemoryDeliveryFailureLog log = new();

    public bool Down { get; set; }

    public Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken = default) =>
        Down ? throw new InvalidOperationException("failure log unavailable") : log.RecordAsync(failure, cancellationToken);

    public Task<IReadOnlyList<DeliveryFailure>> ListAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        log.ListAsync(team, from, to, cancellationToken);
}

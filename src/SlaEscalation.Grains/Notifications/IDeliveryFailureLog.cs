namespace SlaEscalation.Grains.Notifications;

/// <summary>Where finally failed deliveries are recorded: PostgreSQL when durable, memory on the embedded default.</summary>
public interface IDeliveryFailureLog
{
    /// <summary>Records <paramref name="failure"/>; recording the same delivery key and endpoint again changes nothing.</summary>
    Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Failures of <paramref name="team"/> (every team when null) that failed in [from, to), oldest first.</summary>
    Task<IReadOnlyList<DeliveryFailure>> ListAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// Where finally failed deliveries are recorded: PostgreSQL (<c>sla_delivery_failures</c>) when durable, memory on
/// the embedded default. The digest reads them as "failed deliveries" exceptions.
/// </summary>
public interface IDeliveryFailureLog
{
    /// <summary>
    /// Records <paramref name="failure"/>, its time kept to the microsecond in UTC; recording the same delivery key and
    /// endpoint again changes nothing (the first record stays).
    /// </summary>
    Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken = default);

    /// <summary>
    /// Failures of <paramref name="team"/> (every team when null) that failed in [from, to), oldest first; failures at
    /// the same instant by delivery key, then endpoint (ordinal).
    /// </summary>
    Task<IReadOnlyList<DeliveryFailure>> ListAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

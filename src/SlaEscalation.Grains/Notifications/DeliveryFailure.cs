namespace SlaEscalation.Grains.Notifications;

/// <summary>A notification whose delivery finally failed after its retries: an exception for the team's digest.</summary>
/// <param name="DeliveryKey">The notification's delivery key.</param>
/// <param name="Type">The notification's type.</param>
/// <param name="Team">The team it concerned, if any.</param>
/// <param name="Subject">The notification's subject (a ticket key, or a team).</param>
/// <param name="Endpoint">The channel that failed: <c>bus</c>, or <c>webhook:{name}</c> for a configured endpoint.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="LastError">Why the last attempt failed (an HTTP status, a network error, a timeout); never a secret or a URL.</param>
/// <param name="FailedAt">When the delivery was given up (kept to the microsecond).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Notifications.DeliveryFailure")]
public sealed record DeliveryFailure(
    [property: Id(0)] string DeliveryKey,
    [property: Id(1)] string Type,
    [property: Id(2)] string? Team,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Endpoint,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string LastError,
    [property: Id(7)] DateTimeOffset FailedAt)
{
    /// <summary>This failure as a log keeps it: its time in UTC, to the microsecond (PostgreSQL's precision).</summary>
    public DeliveryFailure AsStored() =>
        this with { FailedAt = new DateTimeOffset(FailedAt.UtcTicks - (FailedAt.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero) };
}

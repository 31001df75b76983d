namespace SlaEscalation.Grains.Notifications;

/// <summary>A notification whose delivery finally failed after its retries: an exception for the team's digest.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Notifications.DeliveryFailure")]
public sealed record DeliveryFailure(
    [property: Id(0)] string DeliveryKey,
    [property: Id(1)] string Type,
    [property: Id(2)] string? Team,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Endpoint,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string LastError,
    [property: Id(7)] DateTimeOffset FailedAt);

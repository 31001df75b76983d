namespace SlaEscalation.Grains.Notifications;

/// <summary>How one notification's delivery through one channel stands.</summary>
/// <param name="Channel">The channel (<c>bus</c>, <c>webhook:{name}</c>).</param>
/// <param name="DeliveryKey">The notification's delivery key.</param>
/// <param name="Progress">Pending, delivered or failed.</param>
/// <param name="AcceptedAt">When it was first accepted.</param>
/// <param name="Attempts">When each attempt started, oldest first.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="CompletedAt">When it was delivered or given up.</param>
/// <param name="FailureRecorded">Whether a failure is in the failure log.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Notifications.NotificationDeliveryStatus")]
public sealed record NotificationDeliveryStatus(
    [property: Id(0)] string Channel,
    [property: Id(1)] string DeliveryKey,
    [property: Id(2)] DeliveryProgress Progress,
    [property: Id(3)] DateTimeOffset AcceptedAt,
    [property: Id(4)] IReadOnlyList<DateTimeOffset> Attempts,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] string? LastError,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] bool FailureRecorded);

namespace SlaEscalation.Grains.Notifications;

/// <summary>Durable state of one notification's delivery through one channel.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Notifications.NotificationDeliveryState")]
public sealed class NotificationDeliveryState
{
    /// <summary>The notification as first accepted; null until then. A repeat of its key changes nothing.</summary>
    [Id(0)] public Notification? Notification { get; set; }

    [Id(1)] public DeliveryProgress Progress { get; set; }

    [Id(2)] public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>When each attempt started, oldest first.</summary>
    [Id(3)] public List<DateTimeOffset> Attempts { get; set; } = [];

    /// <summary>When the next attempt is due, while pending.</summary>
    [Id(4)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Why the last attempt failed; null after a success.</summary>
    [Id(5)] public string? LastError { get; set; }

    /// <summary>When the delivery succeeded or was given up.</summary>
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Whether a failed delivery is in the <see cref="IDeliveryFailureLog"/> (it is retried until it is).</summary>
    [Id(7)] public bool FailureRecorded { get; set; }
}

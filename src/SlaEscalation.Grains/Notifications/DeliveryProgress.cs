namespace SlaEscalation.Grains.Notifications;

/// <summary>Where a delivery stands.</summary>
[GenerateSerializer]
public enum DeliveryProgress
{
    /// <summary>Accepted, not delivered yet: an attempt is due at <see cref="NotificationDeliveryState.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The channel has it; never sent again.</summary>
    Delivered,

    /// <summary>Given up after a final refusal or the last attempt; recorded in the <see cref="IDeliveryFailureLog"/>.</summary>
    Failed,
}

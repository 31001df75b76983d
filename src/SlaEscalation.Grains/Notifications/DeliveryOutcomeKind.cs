namespace SlaEscalation.Grains.Notifications;

/// <summary>The kinds of <see cref="DeliveryOutcome"/>.</summary>
public enum DeliveryOutcomeKind
{
    Delivered,
    Retry,
    Rejected,
}

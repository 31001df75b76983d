namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// One outbound notification: what happened, as a CloudEvent's parts. <see cref="DeliveryKey"/> is the same for
/// every attempt and every repeat of the same notification, so a receiver drops repeats by it. What a sendable
/// notification holds is checked by <see cref="NotificationRules"/>.
/// </summary>
/// <param name="DeliveryKey">
/// Stable key of this notification (a transition's or notice's id, or a digest's team and date): printable ASCII
/// without spaces, at most 400 characters. It becomes the CloudEvent <c>id</c> and the <c>Sla-Webhook-Delivery</c> header.
/// </param>
/// <param name="Type">The CloudEvent type, e.g. <c>sla.breached</c>, <c>escalation.raised</c>, <c>digest.published</c>.</param>
/// <param name="Subject">The ticket key, or the team for a digest.</param>
/// <param name="Time">When it happened.</param>
/// <param name="DataJson">The CloudEvent's <c>data</c>, as JSON text (any JSON value; sent as it is).</param>
/// <param name="Team">The team it concerns, when one does (failed deliveries are counted in its digest; the bus stream key).</param>
/// <param name="Recipient">Whom it is for, when someone in particular (an escalation's owner).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Notifications.Notification")]
public sealed record Notification(
    [property: Id(0)] string DeliveryKey,
    [property: Id(1)] string Type,
    [property: Id(2)] string Subject,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] string DataJson,
    [property: Id(5)] string? Team = null,
    [property: Id(6)] string? Recipient = null);

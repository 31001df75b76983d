using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Notifications;

/// <summary>The types of the notifications SlaEscalation sends, and which of them a type filter takes.</summary>
public static class NotificationTypes
{
    /// <summary>Every type a notification is sent with (docs/webhooks.md), in the order the docs list them.</summary>
    public static IReadOnlyList<string> Sent { get; } =
    [
        SlaTransitionTypes.OwnerChanged,
        SlaTransitionTypes.AtRisk,
        SlaTransitionTypes.Breached,
        SlaTransitionTypes.Achieved,
        EscalationNoticeTypes.Raised,
        EscalationNoticeTypes.AcknowledgementTimedOut,
        EscalationNoticeTypes.Renotified,
        EscalationNoticeTypes.Acknowledged,
        EscalationNoticeTypes.HandedOff,
        EscalationNoticeTypes.Resolved,
        EscalationNoticeTypes.TaskCreated,
        EscalationNoticeTypes.TaskStatusChanged,
        DigestNotification.Type,
    ];

    /// <summary>Whether <paramref name="filter"/> (an exact type, <c>prefix.*</c> or <c>*</c>) takes <paramref name="type"/>.</summary>
    public static bool Takes(string filter, string type)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(type);
        return filter == "*"
            || (filter.EndsWith(".*", StringComparison.Ordinal) ? type.StartsWith(filter[..^1], StringComparison.Ordinal) : type == filter);
    }

    /// <summary>Whether <paramref name="filter"/> takes any type that is sent: a typo (<c>sla.breeched</c>) takes none.</summary>
    public static bool TakesAny(string filter) => Sent.Any(type => Takes(filter, type));
}

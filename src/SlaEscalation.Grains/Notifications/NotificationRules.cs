using System.Text.Json;

namespace SlaEscalation.Grains.Notifications;

/// <summary>What a notification must hold to be sent: checked before anything is recorded, so a bad one fails its caller at once.</summary>
public static class NotificationRules
{
    public const int MaxDeliveryKeyLength = 400;
    public const int MaxTypeLength = 100;
    public const int MaxSubjectLength = 400;
    public const int MaxTeamLength = 150;
    public const int MaxRecipientLength = 200;

    /// <summary>Every problem of <paramref name="notification"/>, each naming its field; empty when it can be sent.</summary>
    public static IReadOnlyList<string> Problems(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var problems = new List<string>();

        // The key travels in an HTTP header, so it is held to what a header carries unchanged.
        if (notification.DeliveryKey is not { Length: > 0 and <= MaxDeliveryKeyLength } key || !key.All(c => c is > ' ' and < '\u007f'))
        {
            problems.Add($"deliveryKey must be 1-{MaxDeliveryKeyLength} printable ASCII characters without spaces");
        }

        if (!IsType(notification.Type))
        {
            problems.Add($"type must be 1-{MaxTypeLength} characters of a-z, 0-9, '.', '_' or '-', e.g. sla.breached");
        }

        if (string.IsNullOrWhiteSpace(notification.Subject) || notification.Subject.Length > MaxSubjectLength)
        {
            problems.Add($"subject must be 1-{MaxSubjectLength} characters");
        }

        if (notification.Team is { } team && (string.IsNullOrWhiteSpace(team) || team.Length > MaxTeamLength))
        {
            problems.Add($"team, when given, must be 1-{MaxTeamLength} characters");
        }

        if (notification.Recipient is { } recipient && (string.IsNullOrWhiteSpace(recipient) || recipient.Length > MaxRecipientLength))
        {
            problems.Add($"recipient, when given, must be 1-{MaxRecipientLength} characters");
        }

        if (!IsJson(notification.DataJson))
        {
            problems.Add("dataJson must be one JSON value");
        }

        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming every problem of <paramref name="notification"/>.</summary>
    public static void EnsureSendable(Notification notification)
    {
        var problems = Problems(notification);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"notification '{notification.DeliveryKey}' cannot be sent: {string.Join("; ", problems)}.", nameof(notification));
        }
    }

    /// <summary>Whether <paramref name="type"/> is a notification type: 1-100 characters of a-z, 0-9, '.', '_', '-'.</summary>
    public static bool IsType(string? type) =>
        type is { Length: > 0 and <= MaxTypeLength } && type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');

    private static bool IsJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

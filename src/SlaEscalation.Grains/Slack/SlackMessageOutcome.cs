using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Slack;

/// <summary>How showing an escalation in Slack went, as it crosses from the message grain to the delivery grain.</summary>
/// <param name="Error">Why it failed; null when Slack shows the escalation as it is now.</param>
/// <param name="Final">Whether another attempt would only repeat the failure.</param>
/// <param name="RetryAfter">How long Slack asked to be left alone.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Slack.SlackMessageOutcome")]
public sealed record SlackMessageOutcome(
    [property: Id(0)] string? Error,
    [property: Id(1)] bool Final,
    [property: Id(2)] TimeSpan? RetryAfter)
{
    /// <summary>Slack shows it, or there is nothing to show.</summary>
    public static readonly SlackMessageOutcome Shown = new(null, false, null);

    /// <summary>The outcome of a Slack call.</summary>
    public static SlackMessageOutcome Of(DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind == DeliveryOutcomeKind.Delivered ? Shown : new(outcome.Error, outcome.Kind == DeliveryOutcomeKind.Rejected, outcome.RetryAfter);
    }

    /// <summary>As the delivery grain reads it.</summary>
    public DeliveryOutcome ToDelivery() =>
        Error is null ? DeliveryOutcome.Delivered : Final ? DeliveryOutcome.Rejected(Error) : DeliveryOutcome.Retry(Error, RetryAfter);
}

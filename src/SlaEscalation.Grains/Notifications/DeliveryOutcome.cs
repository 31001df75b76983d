namespace SlaEscalation.Grains.Notifications;

/// <summary>How one delivery attempt went.</summary>
/// <param name="Kind">Delivered, worth retrying, or refused for good.</param>
/// <param name="Error">Why it failed (an HTTP status, a network error); null when delivered. Never a secret or a URL.</param>
/// <param name="RetryAfter">How long the receiver asked to be left alone (HTTP <c>Retry-After</c>), for a retryable failure.</param>
public sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, string? Error = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The receiver has it.</summary>
    public static readonly DeliveryOutcome Delivered = new(DeliveryOutcomeKind.Delivered);

    /// <summary>A failure another attempt may overcome: a network error, a timeout, HTTP 408, 429 or 5xx.</summary>
    public static DeliveryOutcome Retry(string error, TimeSpan? retryAfter = null) => new(DeliveryOutcomeKind.Retry, error, retryAfter);

    /// <summary>A refusal that another attempt would only repeat: any other 3xx or 4xx answer.</summary>
    public static DeliveryOutcome Rejected(string error) => new(DeliveryOutcomeKind.Rejected, error);
}

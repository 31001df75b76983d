namespace SlaEscalation.Silo.Notifications;

/// <summary>The headers of a webhook delivery (docs/webhooks.md).</summary>
public static class WebhookHeaders
{
    /// <summary>The notification's delivery key (also the CloudEvent <c>id</c>): the same on every attempt and repeat.</summary>
    public const string Delivery = "Sla-Webhook-Delivery";

    /// <summary>When this attempt was signed, in Unix seconds; part of what the signature covers.</summary>
    public const string Timestamp = "Sla-Webhook-Timestamp";

    /// <summary><c>v1=</c> and the lowercase hex HMAC-SHA256 of <c>{timestamp}.{body}</c> under the endpoint's secret.</summary>
    public const string Signature = "Sla-Webhook-Signature";

    /// <summary>This attempt's number, from 1.</summary>
    public const string Attempt = "Sla-Webhook-Attempt";

    /// <summary>The media type of the body: a CloudEvent in structured JSON mode.</summary>
    public const string CloudEventsJson = "application/cloudevents+json";
}

using System.Net;
using System.Text;
using System.Text.Json;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>How answers count, and the CloudEvent a notification becomes.</summary>
public sealed class WebhookChannelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200, DeliveryOutcomeKind.Delivered, null)]
    [InlineData(202, DeliveryOutcomeKind.Delivered, null)]
    [InlineData(204, DeliveryOutcomeKind.Delivered, null)]
    [InlineData(408, DeliveryOutcomeKind.Retry, "HTTP 408")]
    [InlineData(429, DeliveryOutcomeKind.Retry, "HTTP 429")]
    [InlineData(500, DeliveryOutcomeKind.Retry, "HTTP 500")]
    [InlineData(503, DeliveryOutcomeKind.Retry, "HTTP 503")]
    [InlineData(400, DeliveryOutcomeKind.Rejected, "HTTP 400")]
    [InlineData(401, DeliveryOutcomeKind.Rejected, "HTTP 401")]
    [InlineData(404, DeliveryOutcomeKind.Rejected, "HTTP 404")]
    [InlineData(410, DeliveryOutcomeKind.Rejected, "HTTP 410")]
    [InlineData(301, DeliveryOutcomeKind.Rejected, "HTTP 301 (redirects are not followed)")]
    public void Answers_count_as_delivered_retryable_or_final(int status, DeliveryOutcomeKind kind, string? error)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(new DeliveryOutcome(kind, error), WebhookChannel.Classify(response, Now));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_a_date()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "120");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", "Fri, 27 Nov 2026 14:00:45 GMT");
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", "Fri, 27 Nov 2026 13:00:00 GMT");

        Assert.Equal(TimeSpan.FromSeconds(120), WebhookChannel.Classify(seconds, Now).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(45), WebhookChannel.Classify(date, Now).RetryAfter);
        Assert.Equal(TimeSpan.Zero, WebhookChannel.Classify(past, Now).RetryAfter);
    }

    [Fact]
    public void A_notification_becomes_a_structured_cloudevent_with_its_data_as_sent()
    {
        var notification = new Notification(
            "zendesk:1/first_reply/0/breached", "sla.breached", "zendesk:1", new DateTimeOffset(2026, 11, 27, 15, 0, 1, TimeSpan.FromHours(1)),
            """{ "metric": "first_reply", "late": [1, 2.50] }""", "support-us", "user:ann");

        var body = Encoding.UTF8.GetString(CloudEventBody.Write(notification, "urn:sla-escalation:prod"));

        Assert.Equal(
            """{"specversion":"1.0","id":"zendesk:1/first_reply/0/breached","source":"urn:sla-escalation:prod","type":"sla.breached","subject":"zendesk:1","time":"2026-11-27T14:00:01Z","datacontenttype":"application/json","team":"support-us","recipient":"user:ann","data":{ "metric": "first_reply", "late": [1, 2.50] }}""",
            body);
        Assert.Equal(body, Encoding.UTF8.GetString(CloudEventBody.Write(notification, "urn:sla-escalation:prod")));
    }

    [Fact]
    public void Team_and_recipient_are_left_out_when_not_set_and_text_is_escaped()
    {
        var notification = new Notification("digest:t/2026-11-27", "digest.published", "t \"quoted\"", DateTimeOffset.UnixEpoch.AddTicks(1), "\"text\"");

        using var json = JsonDocument.Parse(CloudEventBody.Write(notification, "/sla"));

        Assert.False(json.RootElement.TryGetProperty("team", out _));
        Assert.False(json.RootElement.TryGetProperty("recipient", out _));
        Assert.Equal(("t \"quoted\"", "1970-01-01T00:00:00.0000001Z", "text"), (
            json.RootElement.GetProperty("subject").GetString(),
            json.RootElement.GetProperty("time").GetString(),
            json.RootElement.GetProperty("data").GetString()));
    }
}

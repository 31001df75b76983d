using System.Globalization;
using System.Net.Http.Headers;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Notifications;

/// <summary>
/// One webhook endpoint as a notification channel: each attempt POSTs the notification as a signed CloudEvent and
/// says how it went. A 2xx answer delivers; a network error, no answer within the attempt timeout, 408, 429 or 5xx is
/// worth retrying (with the receiver's <c>Retry-After</c>); any other answer (3xx included: redirects are not
/// followed) is final.
/// </summary>
public sealed class WebhookChannel(WebhookEndpoint endpoint, string source, TimeSpan attemptTimeout, HttpClient http, TimeProvider time)
    : INotificationChannel
{
    /// <summary>The DI key of the one <see cref="HttpClient"/> every webhook channel shares.</summary>
    public const string HttpClientKey = "sla-webhooks";

    /// <summary>The channel name prefix; the endpoint's name follows.</summary>
    public const string NamePrefix = "webhook:";

    public string Name { get; } = NamePrefix + endpoint.Name;

    /// <summary>
    /// The client the channels share: no redirects (a POST must not turn into a GET elsewhere), no cookies, no
    /// client-wide timeout (each attempt has its own), and pooled connections renewed so DNS changes are seen.
    /// It logs nothing: a request log would print endpoint URLs, which can be secrets.
    /// </summary>
    public static HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SlaEscalation-Webhooks", "1"));
        return client;
    }

    public bool Accepts(string type) => endpoint.Accepts(type);

    public async Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = CloudEventBody.Write(notification, source);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WebhookHeaders.CloudEventsJson) { CharSet = "utf-8" };
        request.Headers.Add(WebhookHeaders.Delivery, notification.DeliveryKey);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Sign(endpoint.Secret, timestamp, body));
        request.Headers.Add(WebhookHeaders.Attempt, attempt.ToString(CultureInfo.InvariantCulture));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(attemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return Classify(response, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry(string.Create(CultureInfo.InvariantCulture, $"no answer within {attemptTimeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            // The innermost message ("Connection refused") names no URL; the outer ones may name the host.
            var cause = ex.GetBaseException();
            return DeliveryOutcome.Retry($"network error: {ex.HttpRequestError}" + (cause == ex ? string.Empty : $" ({cause.Message})"));
        }
    }

    /// <summary>How an answer counts: 2xx delivered; 408, 429 and 5xx retried (honouring <c>Retry-After</c>); anything else final.</summary>
    internal static DeliveryOutcome Classify(HttpResponseMessage response, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return DeliveryOutcome.Delivered;
        }

        var error = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}");
        if (status is 408 or 429 or >= 500)
        {
            return DeliveryOutcome.Retry(error, RetryAfter(response, now));
        }

        return DeliveryOutcome.Rejected(status is >= 300 and < 400 ? error + " (redirects are not followed)" : error);
    }

    /// <summary>What the answer's <c>Retry-After</c> asks (seconds or an HTTP date), whatever its status; null without one.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
}

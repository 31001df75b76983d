using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Slack;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// Slack's Web API over HTTP: a JSON POST to <c>{ApiUrl}{method}</c> with <c>Authorization: Bearer xoxb-...</c>,
/// paced per channel (<see cref="SlackPace"/>). A <c>429</c> (or <c>ok: false</c> with <c>ratelimited</c>) is retried
/// after its <c>Retry-After</c>, and holds its channel back as long; a network error, a timeout, a <c>5xx</c> or one of
/// Slack's passing errors is retried; any other refusal (<c>channel_not_found</c>, <c>not_in_channel</c>,
/// <c>invalid_auth</c>, <c>invalid_blocks</c>, ...) is final.
/// </summary>
public sealed class SlackWebApi(IReadOnlyDictionary<string, SlackConnectionSettings> connections, HttpClient http, SlackPace pace, TimeSpan attemptTimeout, TimeProvider time)
    : ISlackApi
{
    /// <summary>The name of the HTTP client Slack calls share.</summary>
    public const string HttpClientName = "slack";

    /// <summary>How long a rate-limited call waits when Slack names no <c>Retry-After</c>: its pace of one call a second.</summary>
    private static readonly TimeSpan RateLimitPace = TimeSpan.FromSeconds(1);

    /// <summary>Slack errors that a later attempt may not meet.</summary>
    private static readonly HashSet<string> PassingErrors = new(StringComparer.Ordinal) { "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout" };

    public async Task<SlackAnswer> CallAsync(string connection, string method, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!connections.TryGetValue(connection, out var settings) || settings.BotToken is null)
        {
            return new(DeliveryOutcome.Rejected($"Slack connection '{connection}' has no bot token on this silo (Adapters__{connection}__BotToken)"));
        }

        var channel = $"{connection}/{(string?)arguments["channel"]}";
        var (wait, comeBackAfter) = pace.Reserve(channel);
        if (wait is not { } slot)
        {
            return new(DeliveryOutcome.Retry("waiting for the channel's pace", comeBackAfter));
        }

        if (slot > TimeSpan.Zero)
        {
            await Task.Delay(slot, time, cancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.ApiUrl, method))
        {
            Content = new StringContent(arguments.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.BotToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(attemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            var answer = await ReadAsync(response, method, deadline.Token);
            if (answer.Outcome.RetryAfter is { } retryAfter)
            {
                pace.HoldBack(channel, retryAfter);
            }

            return answer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(DeliveryOutcome.Retry(string.Create(CultureInfo.InvariantCulture, $"Slack {method}: no answer within {attemptTimeout.TotalSeconds:0.###} s")));
        }
        catch (HttpRequestException ex)
        {
            return new(DeliveryOutcome.Retry($"Slack {method}: network error {ex.HttpRequestError} ({ex.GetBaseException().Message})"));
        }
    }

    private async Task<SlackAnswer> ReadAsync(HttpResponseMessage response, string method, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is < 200 or >= 300)
        {
            var outcome = WebhookChannel.Classify(response, time.GetUtcNow());

            // Slack asks a rate-limited caller to wait; without a Retry-After a second is its pace.
            return new(status == 429 && outcome.RetryAfter is null ? DeliveryOutcome.Retry(outcome.Error!, RateLimitPace) : outcome with { Error = $"Slack {method}: {outcome.Error}" });
        }

        JsonObject? body;
        try
        {
            body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?.AsObject();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return new(DeliveryOutcome.Retry($"Slack {method}: the answer is not a JSON object"));
        }

        if (body?["ok"]?.GetValueKind() == JsonValueKind.True)
        {
            return new(DeliveryOutcome.Delivered, SlackPostMark.Text(body["channel"]), SlackPostMark.Text(body["ts"]), body);
        }

        // A rate limit can come as a 200 with ratelimited as well as a 429: its Retry-After binds either way.
        var error = SlackPostMark.Text(body?["error"]) ?? "no error named";
        return new(PassingErrors.Contains(error)
            ? DeliveryOutcome.Retry(
                $"Slack {method}: {error}",
                error == "ratelimited" ? WebhookChannel.RetryAfter(response, time.GetUtcNow()) ?? RateLimitPace : null)
            : DeliveryOutcome.Rejected($"Slack {method}: {error}"));
    }
}

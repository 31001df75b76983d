using System.Globalization;
using System.Text;
using System.Text.Json;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Trackers;

/// <summary>What one call to a tracker gave: its value, or how the attempt failed (retry, or final).</summary>
/// <typeparam name="T">What the call returns.</typeparam>
public sealed record TrackerCall<T>(T? Value, DeliveryOutcome? Failure)
{
    public static TrackerCall<T> Of(T? value) => new(value, null);

    public static TrackerCall<T> Failed(DeliveryOutcome failure) => new(default, failure);
}

/// <summary>How a tracker's answers and errors become delivery outcomes.</summary>
public static class TrackerAnswers
{
    /// <summary>A property of a JSON object that is a non-empty string; null for any other shape.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>How much of a tracker's refusal is kept with the failure.</summary>
    private const int MaxDetail = 300;

    /// <summary>
    /// The outcome of a non-2xx answer: 408, 429 and 5xx retried with the tracker's <c>Retry-After</c>, anything else
    /// final with the start of what the tracker said (its error messages name fields, never our secrets).
    /// </summary>
    public static async Task<DeliveryOutcome> FailureOfAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var outcome = WebhookChannel.Classify(response, now);
        if (outcome.Kind != DeliveryOutcomeKind.Rejected)
        {
            return outcome;
        }

        var said = await response.Content.ReadAsStringAsync(cancellationToken);
        return DeliveryOutcome.Rejected(string.IsNullOrWhiteSpace(said) ? outcome.Error! : $"{outcome.Error}: {Clip(said)}");
    }

    /// <summary>The outcome of a call that got no answer: worth retrying, named without the URL.</summary>
    public static DeliveryOutcome NoAnswer(Exception exception) => exception switch
    {
        HttpRequestException http => DeliveryOutcome.Retry($"network error: {http.HttpRequestError}"),
        OperationCanceledException => DeliveryOutcome.Retry("no answer in time"),
        _ => throw new ArgumentException("not a failure to answer", nameof(exception), exception),
    };

    /// <summary><c>Authorization: Basic</c> of Jira's email and API token.</summary>
    public static string Basic(string email, string token) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{email}:{token}")));

    public static string Clip(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxDetail ? flat : flat[..MaxDetail] + "...";
    }
}

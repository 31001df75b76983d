using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// Reads pages of Zendesk's time-based incremental ticket event export,
/// <c>GET /api/v2/incremental/ticket_events.json?start_time={unix seconds}&amp;include=comment_events</c>, with an
/// API token (basic authentication as <c>{email}/token:{token}</c>). Each next page is asked for from the page's
/// <c>end_time</c> on the configured host, never from the <c>next_page</c> URL as given, so the token goes nowhere else.
/// </summary>
public sealed class ZendeskExportClient(HttpClient http)
{
    /// <summary>The DI name of the client's <see cref="HttpClient"/>.</summary>
    public const string HttpClientName = "zendesk-export";

    /// <summary>The wait assumed when a <c>429</c> names none (Zendesk's export allows 10 requests a minute).</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>The page from <paramref name="startTime"/>; throws <see cref="HttpRequestException"/> on any other failure.</summary>
    public async Task<ZendeskExportPage> ReadAsync(ZendeskCatchUpConnection connection, long startTime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var url = new Uri(connection.BaseUrl, $"api/v2/incremental/ticket_events.json?start_time={startTime.ToString(CultureInfo.InvariantCulture)}&include=comment_events");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = connection.Authorization();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new ZendeskExportPage(null, startTime, false, RetryAfter(response.Headers.RetryAfter, now));
        }

        if (!response.IsSuccessStatusCode)
        {
            // The status only: Zendesk's error body may echo the request, and the request carries the token.
            throw new HttpRequestException($"the Zendesk export of {connection.Name} answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            // A proxy's or a changed API's answer: the pass fails as on malformed JSON, and the cursor stays.
            var kind = root.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            throw new JsonException($"the Zendesk export of {connection.Name} answered a JSON {kind}, not an object");
        }

        var endTime = root.TryGetProperty("end_time", out var end) && end.ValueKind == JsonValueKind.Number && end.TryGetInt64(out var seconds) ? seconds : startTime;
        var endOfStream = root.TryGetProperty("end_of_stream", out var eos) && eos.ValueKind == JsonValueKind.True;
        return new ZendeskExportPage(document, endTime, endOfStream, null);
    }

    private static TimeSpan RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta ?? (header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : DefaultRetryAfter);
}

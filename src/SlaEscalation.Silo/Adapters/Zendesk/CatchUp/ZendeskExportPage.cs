using System.Text.Json;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// One answer of the incremental ticket event export: its ticket events (owned: dispose the page), the
/// <c>end_time</c> to start the next page from and whether it reached the present; or how long Zendesk asked to wait.
/// </summary>
public sealed class ZendeskExportPage(JsonDocument? document, long endTime, bool endOfStream, TimeSpan? retryAfter) : IDisposable
{
    /// <summary>The page's <c>ticket_events</c>; empty when rate limited.</summary>
    public IEnumerable<JsonElement> TicketEvents =>
        document?.RootElement.TryGetProperty("ticket_events", out var events) == true && events.ValueKind == JsonValueKind.Array
            ? events.EnumerateArray()
            : [];

    /// <summary>The <c>start_time</c> of the next page.</summary>
    public long EndTime => endTime;

    /// <summary>Whether the page reached the present (Zendesk's <c>end_of_stream</c>).</summary>
    public bool EndOfStream => endOfStream;

    /// <summary>Set when Zendesk answered <c>429</c>: how long its <c>Retry-After</c> asked to wait.</summary>
    public TimeSpan? RetryAfter => retryAfter;

    public void Dispose() => document?.Dispose();
}

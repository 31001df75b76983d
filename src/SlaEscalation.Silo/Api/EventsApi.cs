using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains;
using Microsoft.Extensions.Options;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// <c>POST /v1/events</c>: ticket events from helpdesk adapters. A body is validated whole before anything is applied;
/// <c>202</c> comes only once every ticket has durably stored its events; when storage is unavailable the answer is
/// <c>503</c> with <c>Retry-After</c>, and resending the same body is safe (repeats are dropped by source and id).
/// </summary>
public static partial class EventsApi
{
    private static readonly string[] AcceptedMediaTypes =
        ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"];

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/events", PostAsync).RequireAuthorization(Scopes.EventsWrite);
        return endpoints;
    }

    /// <summary>The answer to an accepted body.</summary>
    public sealed record IngestResponse(int Accepted, int Duplicates);

    private static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> PostAsync(
        HttpRequest request, IGrainFactory grains, GrainReferences references, IOptions<IngestOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        var limits = options.Value;
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"send CloudEvents JSON as one of {string.Join(", ", AcceptedMediaTypes)}");
        }

        using var body = await RequestBody.ReadAsync(request, limits.MaxBodyBytes, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"the body is larger than {limits.MaxBodyBytes} bytes: send smaller batches");
        }

        var (events, problems) = CloudEventReader.Read(body.Memory, limits, time.GetUtcNow());
        if (problems.Count > 0)
        {
            var result = Problems.Invalid("Invalid events", problems, $"{problems.Count} problem(s) found; no event of this request was applied.");
            await EventRejectionAudit.RecordAsync(grains, request.HttpContext.User, body.Memory, problems, time.GetUtcNow(), loggers.CreateLogger("SlaEscalation.Silo.Api.Events"));
            return result;
        }

        var foreign = EventSources.Refused(request.HttpContext.User, events, body.Memory.Span.TrimStart(" \t\r\n"u8) is [(byte)'[', ..]);
        if (foreign.Count > 0)
        {
            return Problems.Invalid("Source not allowed", foreign,
                $"{string.Join("; ", foreign.Take(3))}{(foreign.Count > 3 ? "; ..." : string.Empty)}; no event of this request was applied.",
                StatusCodes.Status403Forbidden);
        }

        if (request.HttpContext.RequestServices.GetService<EventBusPressure>()?.RetryAfter is { } wait)
        {
            // Valid, but the bus's consumers are behind: taking more now would only queue more retries behind them.
            request.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Event bus saturated",
                "the internal event bus is full and its consumers are catching up; no event of this request was applied: resend it after Retry-After");
        }

        try
        {
            var outcomes = await Task.WhenAll(events
                .GroupBy(e => e.TicketKey, StringComparer.Ordinal)
                .Select(ticket => references.For<ITicketGrain>(ticket.Key).ApplyAsync(ticket.Select(e => e.Event).ToArray())));
            return TypedResults.Accepted((string?)null, new IngestResponse(outcomes.Sum(o => o.Accepted), outcomes.Sum(o => o.Duplicates)));
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex) || ex is OutOfMemoryException)
        {
            // Out of memory: a silo at its memory limit is shedding activations; the resend will find room.
            LogUnavailable(loggers.CreateLogger("SlaEscalation.Silo.Api.Events"), ex);
            request.HttpContext.Response.Headers.RetryAfter = Unavailability.RetryAfterSeconds;
            return Problem(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                "the events could not all be stored; none is lost by resending the same request, which is safe to repeat");
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events could not be stored; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}

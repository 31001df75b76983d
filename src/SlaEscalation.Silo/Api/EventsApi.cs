using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains;
using Microsoft.Extensions.Options;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// <c>POST /v1/events</c>: ticket events from helpdesk adapters. A body is validated whole before anything is applied;
/// <c>202</c> comes only once every ticket has durably stored its events; when storage is unavailable the answer is
/// <c>503</c> with <c>Retry-After</c>, and resending the same body is safe (repeats are dropped by source and id).
/// </summary>
public static class EventsApi
{
    private static readonly string[] AcceptedMediaTypes =
        ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"];

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/events", PostAsync).RequireAuthorization(Scopes.EventsWrite).AddEndpointFilter(IngestRefusals.CountAsync)
            .WithSummary("Post ticket events (CloudEvents 1.0: a batch, one event, or binary mode)")
            .WithDescription("A batch array as application/cloudevents-batch+json or application/json; one event as application/cloudevents+json; or binary mode (ce-* headers, the ticket data as the JSON body). The body is validated whole; 202 comes once every event is stored.")
            .WithRequestBody<TicketEvent[]>("application/cloudevents-batch+json", "application/json")
            .WithRequestExample("A new urgent ticket", """[{"specversion": "1.0", "id": "evt-1", "source": "zendesk", "type": "ticket.created", "subject": "zendesk:1042", "time": "2025-11-27T14:00:00Z", "data": {"priority": "urgent", "team": "support"}}]""");
        return endpoints;
    }

    /// <summary>One ticket event as a CloudEvent 1.0 (docs/tickets.md): <c>subject</c> is the ticket key.</summary>
    public sealed record TicketEvent(string Specversion, string Id, string Source, string Type, string Subject, DateTimeOffset Time, System.Text.Json.Nodes.JsonObject Data);

    /// <summary>The answer to an accepted body.</summary>
    public sealed record IngestResponse(int Accepted, int Duplicates);

    private static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> PostAsync(
        HttpRequest request, IGrainFactory grains, GrainReferences references, IOptions<IngestOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        var limits = options.Value;
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        var binary = BinaryCloudEvent.IsBinary(request.Headers, mediaType);
        if (binary && !BinaryCloudEvent.IsJson(mediaType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "in binary mode the body is the ticket data: send it as application/json");
        }

        if (!binary && (mediaType is null || !AcceptedMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)))
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

        var (events, problems, envelope) = binary
            ? BinaryCloudEvent.Read(request.Headers, body.Memory, limits, time.GetUtcNow())
            : ReadStructured(body.Memory, limits, time.GetUtcNow());
        if (problems.Count > 0)
        {
            var result = Problems.Invalid("Invalid events", problems, $"{problems.Count} problem(s) found; no event of this request was applied.");
            await EventRejectionAudit.RecordAsync(grains, request.HttpContext.User, envelope, problems, time.GetUtcNow(), loggers.CreateLogger("SlaEscalation.Silo.Api.Events"));
            return result;
        }

        var batch = body.Memory.Span.TrimStart(" \t\r\n"u8) is [(byte)'[', ..];
        var foreign = EventSources.Refused(request.HttpContext.User, events, batch);
        if (binary)
        {
            // The source and subject of a binary-mode event are its ce-source and ce-subject headers, not the body.
            foreign = [.. foreign.Select(BinaryCloudEvent.Relocate)];
        }

        if (foreign.Count > 0)
        {
            return Problems.Invalid("Source not allowed", foreign,
                $"{string.Join("; ", foreign.Take(3))}{(foreign.Count > 3 ? "; ..." : string.Empty)}; no event of this request was applied.",
                StatusCodes.Status403Forbidden);
        }

        return await EventIngest.ApplyAsync(request.HttpContext, references, events, loggers.CreateLogger("SlaEscalation.Silo.Api.Events"), batch);
    }

    private static (IReadOnlyList<(string TicketKey, TicketEventRecord Event)> Events, IReadOnlyList<ProblemError> Problems, ReadOnlyMemory<byte> Envelope) ReadStructured(
        ReadOnlyMemory<byte> body, IngestOptions limits, DateTimeOffset now)
    {
        var (events, problems) = CloudEventReader.Read(body, limits, now);
        return (events, problems, body);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

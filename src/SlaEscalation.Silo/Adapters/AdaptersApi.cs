using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Grains;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Silo.Api;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// <c>POST /v1/adapters/{kind}/{connection}</c>: a helpdesk's own webhook. No API key: the vendor's signature with the
/// connection's secret (setting <c>Adapters__{connection}__Secret</c>) is the credential. What it maps to goes the
/// same way as <c>POST /v1/events</c> (<see cref="EventIngest"/>); a payload the mapping does not use is answered
/// <c>200 {"ignored": n}</c>, so the vendor never counts it as a failure and switches the webhook off.
/// </summary>
public static partial class AdaptersApi
{
    /// <summary>The setting that holds a connection's signing secret.</summary>
    public static string SecretSetting(string connection) => $"Adapters:{connection}:Secret";

    public static IEndpointRouteBuilder MapAdaptersApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/adapters/{kind}/{connection}", PostAsync)
            .WithSummary("Receive a helpdesk's own webhook (Zendesk, Intercom, Jira Service Management)")
            .WithRequestBody("The vendor's own webhook payload, byte for byte as the vendor signed it: its shape is the vendor's (docs/adapters.md).", "application/json")
            .WithSignedWebhook(
                "The vendor's payload, exactly as the vendor sends it (docs/adapters.md), mapped by the connection's mapping; no API key: the vendor's signature over the raw body with the connection's secret (`Adapters__{connection}__Secret`) is the credential, and a replay is refused with it: a Zendesk signature timestamp more than 5 minutes from now, a Jira body whose `timestamp` is more than an hour old. A payload the mapping does not use is answered 200 with the number ignored.",
                ZendeskAdapter.SignatureHeader, ZendeskAdapter.TimestampHeader, HubSignature.Header)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        // Intercom checks a URL with HEAD when it is registered, before it sends anything.
        endpoints.MapMethods("/v1/adapters/{kind}/{connection}", [HttpMethods.Head], HeadAsync)
            .WithSummary("Check that a connection exists (Intercom checks its webhook URL so)")
            .WithSignedWebhook("Answers 200 when the connection exists; needs no credential.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The answer to a payload the mapping does not use.</summary>
    public sealed record IgnoredResponse(int Ignored);

    private static async Task<Results<Ok, ProblemHttpResult>> HeadAsync(string kind, string connection, ISlaConfigurationSource configuration) =>
        await FindAsync(kind, connection, configuration) is (not null, _) ? TypedResults.Ok() : NotFound(kind, connection);

    private static async Task<Results<Accepted<EventsApi.IngestResponse>, Ok<IgnoredResponse>, ProblemHttpResult>> PostAsync(
        string kind, string connection, HttpContext context, IGrainFactory grains, GrainReferences references,
        ISlaConfigurationSource configuration, IConfiguration settings, IOptions<IngestOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SlaEscalation.Silo.Adapters");
        var (found, adapter) = await FindAsync(kind, connection, configuration);
        if (found is null || adapter is null)
        {
            return NotFound(kind, connection);
        }

        if (RefusedMediaType(context.Request, found.Kind) is { } refused)
        {
            return refused;
        }

        var limits = options.Value;
        using var body = await RequestBody.ReadAsync(context.Request, limits.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"the body is larger than {limits.MaxBodyBytes} bytes");
        }

        var actor = $"adapter:{found.Id}";
        var now = time.GetUtcNow();
        var secret = settings[SecretSetting(found.Id)];
        var verdict = string.IsNullOrEmpty(secret)
            ? SignatureVerdict.Refused("no signing secret is configured for this connection")
            : adapter.Verify(context.Request.Headers, body.Memory.Span, secret, now);
        if (!verdict.Valid)
        {
            if (string.IsNullOrEmpty(secret))
            {
                LogNoSecret(logger, found.Id, SecretSetting(found.Id).Replace(":", "__", StringComparison.Ordinal));
            }

            var refusal = ProblemError.InBody("", verdict.Refusal!);
            await EventRejectionAudit.RecordAsync(grains, EventRejectionAudit.Fact(actor, [], null, [refusal], now), logger);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signature refused",
                detail: $"{verdict.Refusal}; nothing was applied");
        }

        var mapping = Map(adapter, found, body.Memory, limits, now);
        if (mapping.IsMalformed)
        {
            await EventRejectionAudit.RecordAsync(
                grains,
                EventRejectionAudit.Fact(actor, [], null, mapping.Problems, now),
                logger);
            return Problems.Invalid($"Invalid {found.Kind.ToWire()} payload", mapping.Problems,
                $"{mapping.Problems.Count} problem(s) found; nothing of this payload was applied.");
        }

        if (mapping.Events.Count == 0)
        {
            return TypedResults.Ok(new IgnoredResponse(mapping.Ignored));
        }

        return await EventIngest.ApplyAsync(context, references, mapping.Events.Select(e => (e.TicketKey, e.Event)), logger) switch
        {
            { Result: Accepted<EventsApi.IngestResponse> accepted } => accepted,
            { Result: ProblemHttpResult problem } => problem,
            var other => throw new InvalidOperationException($"unexpected ingest result {other.Result}"),
        };
    }

    /// <summary>Maps a signed body; an event further ahead than the allowed clock skew is malformed like any other.</summary>
    private static AdapterMapping Map(IHelpdeskAdapter adapter, HelpdeskConnection connection, ReadOnlyMemory<byte> body, IngestOptions limits, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return AdapterMapping.Malformed([ProblemError.InBody("", $"the body is not valid JSON: {ex.Message}")]);
        }

        using (document)
        {
            var mapping = adapter.Map(connection, document.RootElement);
            var ahead = mapping.Events.Where(e => e.Event.Time > now + limits.ClockSkewAllowance).ToList();
            return ahead.Count == 0 ? mapping : AdapterMapping.Malformed(
                [.. ahead.Select(e => ProblemError.InBody("", $"event {e.Event.Id} is further in the future than the allowed clock skew ({limits.ClockSkewAllowance})"))]);
        }
    }

    private static async Task<(HelpdeskConnection? Connection, IHelpdeskAdapter? Adapter)> FindAsync(
        string kind, string connection, ISlaConfigurationSource configuration)
    {
        if (!ConnectionKinds.TryParse(kind, out var connectionKind) || HelpdeskAdapters.For(connectionKind) is not { } adapter)
        {
            return (null, null);
        }

        var current = await configuration.GetAsync();
        return current.Configuration.Connections.TryGetValue(connection, out var found) && found.Kind == connectionKind
            ? (found, adapter)
            : (null, null);
    }

    /// <summary>
    /// A <c>415</c> for a body that is not JSON; null for <c>application/json</c> or a <c>+json</c> type, with any
    /// parameters (Jira sends <c>charset=UTF-8</c>). Every vendor sends JSON: a form or text is no webhook of theirs.
    /// </summary>
    internal static ProblemHttpResult? RefusedMediaType(HttpRequest request, ConnectionKind kind)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        return BinaryCloudEvent.IsJson(mediaType) ? null : TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type",
            detail: string.IsNullOrEmpty(mediaType)
                ? $"the body has no Content-Type: a {kind.ToWire()} webhook is application/json; nothing was applied"
                : $"a {kind.ToWire()} webhook is application/json (or a +json type), not '{Clip(mediaType)}'; nothing was applied");
    }

    private static ProblemHttpResult NotFound(string kind, string connection) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found",
        detail: $"There is no {Clip(kind)} connection '{Clip(connection)}' (PUT /v1/connections/{{id}}).");

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook for connection {Connection} was refused: no signing secret is configured ({Setting})")]
    private static partial void LogNoSecret(ILogger logger, string connection, string setting);
}

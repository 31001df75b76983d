using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// The RFC 9457 problems every <c>/v1</c> endpoint may answer, in the one shape (<see cref="Problems"/>,
/// <see cref="ProblemError"/>), as components of the document and as the responses an operation lists.
/// </summary>
public static class ProblemResponses
{
    /// <summary>The problem's schema name.</summary>
    public const string ProblemSchema = "Problem";

    /// <summary>The schema name of one entry of a problem's <c>errors</c>.</summary>
    public const string ErrorSchema = "ProblemError";

    /// <summary>The media type every problem is answered as.</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>What each conventional status means for any endpoint that can answer it.</summary>
    public static IReadOnlyDictionary<int, string> Meanings { get; } = new Dictionary<int, string>
    {
        [StatusCodes.Status400BadRequest] = "The request is invalid; `errors` lists every problem with its pointer or parameter, and nothing was changed.",
        [StatusCodes.Status401Unauthorized] = "No credential, or one that is not recognised.",
        [StatusCodes.Status403Forbidden] = "The API key lacks the scope this endpoint needs.",
        [StatusCodes.Status404NotFound] = "What the path names does not exist.",
        [StatusCodes.Status409Conflict] = "The request conflicts with the current state; nothing was changed.",
        [StatusCodes.Status412PreconditionFailed] = "`If-Match` names another version; nothing was changed.",
        [StatusCodes.Status413PayloadTooLarge] = "The body is larger than the silo takes.",
        [StatusCodes.Status415UnsupportedMediaType] = "The body's media type is not one this endpoint reads.",
        [StatusCodes.Status429TooManyRequests] = "The API key made more requests than its share of this silo; resend after `Retry-After`.",
        [StatusCodes.Status503ServiceUnavailable] = "Storage or the cluster is unavailable; nothing was done: resend after `Retry-After`.",
    };

    /// <summary>Adds the problem schemas to <paramref name="document"/>'s components.</summary>
    public static void AddSchemas(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One thing wrong with a request: `detail` says what, and one of `pointer` (an RFC 6901 JSON Pointer into the body, `\"\"` for the whole body) or `parameter` (a query, route or header parameter) says where.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "detail" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["pointer"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Where in the body, e.g. `/3/time`." },
                ["parameter"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Which parameter, e.g. `limit` or `If-Match`." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What is wrong, as a sentence." },
            },
        };
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. A 400 (and a 403 or 413 that refuses part of a body) lists every problem under `errors`.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(ErrorSchema, document) },
            },
        };
    }

    /// <summary>
    /// Gives <paramref name="operation"/> the problem response <paramref name="status"/> in our shape: a reference to
    /// the shared response when the endpoint says nothing more, its own description kept when it declared one.
    /// </summary>
    public static void Add(OpenApiOperation operation, OpenApiDocument? document, int status)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= [];
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var own = operation.Responses.TryGetValue(code, out var declared) && declared is OpenApiResponse
            && !string.IsNullOrEmpty(declared.Description)
            && !declared.Description.Equals(ReasonPhrases.GetReasonPhrase(status), StringComparison.OrdinalIgnoreCase)
            ? declared.Description
            : null;
        operation.Responses[code] = own is null && Meanings.ContainsKey(status)
            ? new OpenApiResponseReference(ResponseName(status), document)
            : Response(own ?? ReasonPhrases.GetReasonPhrase(status), status, document);
    }

    /// <summary>Adds the shared problem responses, one per conventional status, to <paramref name="document"/>'s components.</summary>
    public static void AddResponses(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal);
        foreach (var (status, meaning) in Meanings)
        {
            document.Components.Responses[ResponseName(status)] = Response(meaning, status, document);
        }
    }

    private static string ResponseName(int status) => ReasonPhrases.GetReasonPhrase(status).Replace(" ", "", StringComparison.Ordinal);

    private static OpenApiResponse Response(string description, int status, OpenApiDocument? document)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [MediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before resending.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        return response;
    }
}

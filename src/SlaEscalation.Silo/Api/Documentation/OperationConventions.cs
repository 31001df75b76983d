using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// What every <c>/v1</c> operation carries without its endpoint saying so: the scopes from its authorization, the
/// problems it can answer, its tag, and the request examples from its <see cref="RequestExample"/> metadata.
/// </summary>
public static class OperationConventions
{
    public static async Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        var scopes = await EndpointScopes.OfAsync([.. metadata], context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>());
        var webhook = metadata.OfType<SignedWebhook>().LastOrDefault();
        operation.Tags = new HashSet<OpenApiTagReference> { new(TagOf("/" + context.Description.RelativePath), document) };
        if (scopes.Count > 0)
        {
            operation.Security = [.. scopes.Select(scope => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(DocumentConventions.ApiKeyScheme, document)] = [scope],
            })];
            operation.Description = Paragraphs(operation.Description,
                $"Requires an API key with the scope {string.Join(" or ", scopes.Select(s => $"`{s}`"))}.");
        }
        else if (webhook is not null)
        {
            operation.Security = [];
            operation.Description = Paragraphs(operation.Description, webhook.Description);
            operation.Parameters ??= [];
            foreach (var header in webhook.SignatureHeaders)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = header,
                    In = ParameterLocation.Header,
                    Description = "Set by the vendor: the signature over the raw body, checked with the connection's secret.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }

        if (metadata.OfType<DocumentedBody>().LastOrDefault() is { } declared && operation.RequestBody is null)
        {
            var schema = await BodySchemaAsync(declared.Type, context, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = declared.Description,
                Content = declared.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }, StringComparer.Ordinal),
            };
        }

        foreach (var header in metadata.OfType<DocumentedHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        AddExamples(operation, metadata.OfType<RequestExample>());
        foreach (var status in ConventionalProblems(operation, scopes.Count > 0, webhook is { SignatureHeaders.Count: > 0 }))
        {
            ProblemResponses.Add(operation, document, status);
        }

        // Problems an endpoint declares itself (404, 409, ...) take the same shape.
        foreach (var code in (operation.Responses ?? []).Keys.ToArray())
        {
            if (int.TryParse(code, out var status) && status >= 400)
            {
                ProblemResponses.Add(operation, document, status);
            }
        }

        var sorted = new OpenApiResponses();
        foreach (var (code, response) in (operation.Responses ?? []).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sorted[code] = response;
        }

        operation.Responses = sorted;
    }

    /// <summary>
    /// The schema of a declared body: a record (or an array of them) as a component of its own, referenced like the
    /// framework references the bodies it reads; anything else inline.
    /// </summary>
    private static async Task<IOpenApiSchema> BodySchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        var schema = await context.GetOrCreateSchemaAsync(element, null, cancellationToken);
        if (context.Document is not { } document || schema.Type != JsonSchemaType.Object || schema.Properties is not { Count: > 0 })
        {
            return type.IsArray ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema } : schema;
        }

        document.AddComponent(element.Name, schema);
        var reference = new OpenApiSchemaReference(element.Name, document);
        return type.IsArray ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = reference } : reference;
    }

    /// <summary>The tag of a path: its first segment after <c>/v1</c>, e.g. <c>tickets</c>.</summary>
    public static string TagOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 1 ? segments[1] : "api";
    }

    /// <summary>
    /// The problems any endpoint of its kind can answer: 400 when it reads parameters or a body, 401 when it needs a
    /// credential, 403 and 429 when that credential is an API key, 413 when it reads a body and 415 when that body
    /// comes with a key, 503 always.
    /// </summary>
    private static IEnumerable<int> ConventionalProblems(OpenApiOperation operation, bool scoped, bool signed)
    {
        var body = operation.RequestBody is not null;
        if (body || operation.Parameters is { Count: > 0 })
        {
            yield return StatusCodes.Status400BadRequest;
        }

        if (scoped || signed)
        {
            yield return StatusCodes.Status401Unauthorized;
        }

        if (scoped)
        {
            yield return StatusCodes.Status403Forbidden;
        }

        if (body)
        {
            yield return StatusCodes.Status413PayloadTooLarge;
        }

        // A signed webhook's media type is the vendor's (Slack posts a form): an endpoint that refuses some says so itself.
        if (body && scoped)
        {
            yield return StatusCodes.Status415UnsupportedMediaType;
        }

        if (scoped)
        {
            yield return StatusCodes.Status429TooManyRequests;
        }

        yield return StatusCodes.Status503ServiceUnavailable;
    }

    private static void AddExamples(OpenApiOperation operation, IEnumerable<RequestExample> examples)
    {
        foreach (var (example, index) in examples.Select((e, i) => (e, i)))
        {
            if (operation.RequestBody is not OpenApiRequestBody body)
            {
                throw new InvalidOperationException($"'{operation.Summary}' has a request example but declares no request body (add .WithRequestBody<T>()).");
            }

            body.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            if (!body.Content.TryGetValue(example.MediaType, out var media))
            {
                media = new OpenApiMediaType { Schema = body.Content.Values.FirstOrDefault()?.Schema };
                body.Content[example.MediaType] = media;
            }

            var key = $"example{index + 1}";
            media.Examples ??= new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
            media.Examples[key] = new OpenApiExample { Summary = example.Summary, Value = JsonNode.Parse(example.Json) };
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter.In == ParameterLocation.Path && example.Route.TryGetValue(parameter.Name!, out var value))
                {
                    parameter.Examples ??= new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
                    parameter.Examples[key] = new OpenApiExample { Summary = example.Summary, Value = JsonValue.Create(value) };
                }
            }
        }
    }

    private static string Paragraphs(string? first, string second) =>
        string.IsNullOrEmpty(first) ? second : $"{first}\n\n{second}";
}

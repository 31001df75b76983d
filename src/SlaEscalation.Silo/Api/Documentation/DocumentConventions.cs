using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>What the whole document carries: its title, the API-key scheme, the problem schemas and the tags.</summary>
public static class DocumentConventions
{
    /// <summary>The name of the API-key security scheme.</summary>
    public const string ApiKeyScheme = "ApiKey";

    public static Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "SlaEscalation API",
            Version = "v1",
            Description = "The silo's HTTP API. Every endpoint but the vendor webhooks takes an API key in the `X-Api-Key` header " +
                "(or `Authorization: Bearer <key>`) and names the scope it needs; refusals are RFC 9457 problems.",
        };

        // The same document whichever address or proxy served it, so the committed copy can be compared byte for byte.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key (docs/api.md); each operation lists the scopes, any one of which suffices. `Authorization: Bearer <key>` works too.",
        };
        ProblemResponses.AddSchemas(document);

        // Declared problems take our shape (ProblemResponses), which leaves the framework's own schema unused.
        document.Components.Schemas?.Remove("ProblemDetails");
        ProblemResponses.AddResponses(document);
        document.Tags = new HashSet<OpenApiTag>(
            (document.Paths ?? []).Keys.Select(OperationConventions.TagOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(name => new OpenApiTag { Name = name }));
        return Task.CompletedTask;
    }
}

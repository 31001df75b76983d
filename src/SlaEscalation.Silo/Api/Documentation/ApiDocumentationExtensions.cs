using Scalar.AspNetCore;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// The API's own description: the OpenAPI document at <see cref="DocumentPath"/> and the interactive reference at
/// <see cref="ReferencePath"/>, both for any signed-in key. The document is built from the endpoints themselves
/// (their signatures, authorization and metadata) plus the conventions every <c>/v1</c> endpoint shares.
/// </summary>
public static class ApiDocumentationExtensions
{
    /// <summary>The one document's name.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the OpenAPI document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the interactive reference is served.</summary>
    public const string ReferencePath = "/docs";

    /// <summary>Registers the document's generation with the silo's conventions.</summary>
    public static IServiceCollection AddSlaApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer(DocumentConventions.ApplyAsync);
            options.AddOperationTransformer(OperationConventions.ApplyAsync);
            options.AddSchemaTransformer(SchemaConventions.ApplyAsync);
        });

    /// <summary>Maps the document and the reference behind <see cref="SecurityServiceCollectionExtensions.AnyScopePolicy"/>.</summary>
    public static IEndpointRouteBuilder MapSlaApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        // One group, so the reference's own scripts are behind the same door as its page.
        var reference = endpoints.MapGroup(string.Empty).RequireAuthorization(SecurityServiceCollectionExtensions.AnyScopePolicy);

        // The reference marks its own scripts anonymous; they are the reference too, so the same key opens them.
        ((IEndpointConventionBuilder)reference).Finally(endpoint =>
        {
            foreach (var open in endpoint.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().ToArray())
            {
                endpoint.Metadata.Remove(open);
            }
        });
        reference.MapOpenApi("/openapi/{documentName}.json");
        reference.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("SlaEscalation API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(DocumentName));
        return endpoints;
    }
}

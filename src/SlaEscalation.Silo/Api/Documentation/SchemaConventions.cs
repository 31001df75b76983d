using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>How a record's properties read in the document.</summary>
public static class SchemaConventions
{
    /// <summary>
    /// A property that may be null is not required: a request may leave it out (the commands take <c>by</c> from the
    /// key when it is missing), and a reader must already cope with its absence.
    /// </summary>
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (MayBeNull(property))
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool MayBeNull(IOpenApiSchema property) =>
        property.Type is { } type && type.HasFlag(JsonSchemaType.Null)
        || property.OneOf?.Any(MayBeNull) == true
        || property.AnyOf?.Any(MayBeNull) == true;
}

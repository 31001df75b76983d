using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Serialization;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>
/// One entry of a problem's <c>errors</c>: a sentence and exactly one of <see cref="Pointer"/> (a JSON Pointer into
/// the body) or <see cref="Parameter"/> (a query, route or header name).
/// </summary>
public sealed record RequestError(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter,
    string Detail)
{
    public static RequestError AtPointer(string pointer, string detail) => new(pointer, null, detail);

    public static RequestError AtParameter(string parameter, string detail) => new(null, parameter, detail);

    /// <summary>A <c>400</c> listing every error at once.</summary>
    public static ProblemHttpResult BadRequest(string title, IReadOnlyList<RequestError> errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: title,
        detail: string.Join("; ", errors.Select(e => $"{e.Pointer ?? e.Parameter}: {e.Detail}")),
        extensions: new Dictionary<string, object?> { ["errors"] = errors });
}

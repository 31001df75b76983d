using Microsoft.AspNetCore.Http.HttpResults;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// The problems (RFC 9457) that refuse a request for what it holds: each lists every <see cref="ProblemError"/> under
/// <c>errors</c>, in one shape whichever endpoint answers.
/// </summary>
public static class Problems
{
    /// <summary>
    /// A problem listing <paramref name="errors"/>; its <c>detail</c> is <paramref name="detail"/>, or the errors
    /// joined when null. <paramref name="status"/> is 400 unless the body as a whole is refused (413, 415).
    /// </summary>
    public static ProblemHttpResult Invalid(string title, IReadOnlyList<ProblemError> errors, string? detail = null, int status = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: detail ?? string.Join("; ", errors),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    /// <summary>A 400 naming one bad parameter.</summary>
    public static ProblemHttpResult InvalidParameter(string title, string parameter, string detail) =>
        Invalid(title, [ProblemError.InParameter(parameter, detail)], detail);

    /// <summary>
    /// Gives a 400 the framework answered (a body its binding could not read) the <c>errors</c> ours carry: the body
    /// as a whole, since every query parameter is read by its endpoint.
    /// </summary>
    public static void ListFrameworkError(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status400BadRequest && !problem.Extensions.ContainsKey("errors"))
        {
            problem.Extensions["errors"] = new[] { ProblemError.InBody("", problem.Detail ?? "the request body could not be read") };
        }
    }

    /// <summary>A 400 refusing the body as a whole (pointer <c>""</c>).</summary>
    public static ProblemHttpResult InvalidBody(string title, string detail) =>
        Invalid(title, [ProblemError.InBody("", detail)], detail);
}

using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// The guard every query string of the API passes before an endpoint reads it: a NUL character in any parameter is a
/// <c>400</c> naming it. PostgreSQL takes no NUL in text (it fails the statement with 22021), so a value holding one
/// that an endpoint forgot to check would be a 500; with the guard, none can reach a statement.
/// </summary>
public static class QueryText
{
    /// <summary>The parameters of <paramref name="query"/> holding a NUL character, each as a problem naming it.</summary>
    public static IReadOnlyList<ProblemError> Problems(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<ProblemError>();
        foreach (var (name, values) in query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                var printable = StoredText.Printable(name, 60);
                problems.Add(ProblemError.InParameter(printable.Length > 0 ? printable : "?", $"{printable} must not contain a NUL character"));
            }
        }

        return problems;
    }

    /// <summary>Refuses a request under <c>/v1</c> whose query holds a NUL character with a <c>400</c> naming the parameter.</summary>
    public static IApplicationBuilder UseSlaQueryGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) && context.Request.QueryString.HasValue
            && Problems(context.Request.Query) is { Count: > 0 } problems)
        {
            await Api.Problems.Invalid("Invalid query", problems).ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}

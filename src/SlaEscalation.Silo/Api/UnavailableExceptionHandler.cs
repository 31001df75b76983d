using Microsoft.AspNetCore.Diagnostics;
using SlaEscalation.Silo.Board;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// Answers any request that failed because PostgreSQL or the cluster is unavailable with <c>503</c> and
/// <c>Retry-After</c>, as an RFC 9457 problem (on the board, as the board's own page): a client should wait and retry, not report a bug. Anything else falls
/// through to the default handler.
/// </summary>
public sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!Unavailability.IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = Unavailability.RetryAfterSeconds;
        if (BoardErrorPages.IsBoard(httpContext))
        {
            await BoardErrorPages.WriteUnavailablePageAsync(httpContext);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "The database or the cluster is unavailable; retry after the time in Retry-After.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: storage or cluster unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);
}

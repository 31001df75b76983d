using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// Counts the requests <c>POST /v1/events</c> refuses before anything reaches a ticket, by the reason its status
/// names; the <c>503</c>s are counted where they are decided (<see cref="EventIngest"/>), which both doors share.
/// </summary>
public static class IngestRefusals
{
    /// <summary>The endpoint filter: passes the request on, then counts a refusal in the answer.</summary>
    public static async ValueTask<object?> CountAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (ReasonOf((result as IStatusCodeHttpResult)?.StatusCode) is { } reason)
        {
            context.HttpContext.RequestServices.GetService<SlaMetrics>()?.EventsRefused(reason);
        }

        return result;
    }

    /// <summary>The <c>reason</c> label of a refusal with <paramref name="status"/>; null for anything else.</summary>
    public static string? ReasonOf(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid",
        StatusCodes.Status403Forbidden => "source_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        _ => null,
    };
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// The media type rule of commands (<c>POST</c> and <c>PATCH</c> that act): a body, even an empty one, must be
/// <c>application/json</c>; a request may also carry no body and no media type at all. A browser can send a form
/// (<c>application/x-www-form-urlencoded</c>, <c>multipart/form-data</c>, <c>text/plain</c>) to any site without
/// asking it first, never JSON, so no page elsewhere can make a browser act through a command.
/// </summary>
public static class JsonCommand
{
    /// <summary>What <see cref="RefusedMediaType"/> answers for a body sent without a <c>Content-Type</c>.</summary>
    public const string NoMediaType = "no Content-Type";

    /// <summary>The request's media type when the rule refuses it (<see cref="NoMediaType"/> for a body without one); null when it may act.</summary>
    public static string? RefusedMediaType(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.ContentType;
        if (string.IsNullOrWhiteSpace(type))
        {
            // No media type is no body only when there is none: a body (a length above 0, or chunked) without one
            // is no JSON said to be, and acts no more than a form does.
            return request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true ? NoMediaType : null;
        }

        return type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) ? null : type;
    }

    /// <summary>A <c>415</c> problem when the rule refuses the request; null when it may act.</summary>
    public static ProblemHttpResult? Refuse(HttpRequest request) =>
        RefusedMediaType(request) is { } type
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: type == NoMediaType
                    ? "a command takes no body or an application/json one: this body has no Content-Type, send it as application/json"
                    : $"a command takes no body or an application/json one, not '{type}'")
            : null;
}

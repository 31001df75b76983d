using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>
/// The configuration version as an HTTP entity tag (<c>"7"</c>): every configuration response carries it, and a
/// change sent with <c>If-Match</c> applies only while the configuration is still at that version, so two admins
/// editing at once cannot silently overwrite each other.
/// </summary>
public static class VersionTag
{
    /// <summary>The entity tag of <paramref name="version"/>.</summary>
    public static string Of(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sets the response's <c>ETag</c>.</summary>
    public static void Set(HttpResponse response, long version)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = Of(version);
    }

    /// <summary>
    /// The version <c>If-Match</c> demands: null when absent or <c>*</c> (the configuration always exists).
    /// A weak or non-numeric tag can never match a version, so it demands -1, which fails as 412.
    /// </summary>
    public static (long? Expected, ProblemHttpResult? Problem) Expected(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return (null, null);
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count != 1)
        {
            return (null, Problems.InvalidParameter(
                "Invalid If-Match", "If-Match", "If-Match takes one entity tag: the ETag of the configuration you read, e.g. \"7\"."));
        }

        var tag = tags[0];
        if (tag.Equals(EntityTagHeaderValue.Any))
        {
            return (null, null);
        }

        var value = tag.Tag.Value?.Trim('"');
        return !tag.IsWeak && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (version, null)
            : (-1, null);
    }
}

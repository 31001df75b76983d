using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>The representations of a digest, chosen by the request's <c>Accept</c>.</summary>
public enum DigestFormat
{
    Json,
    Html,
    Markdown,
}

/// <summary>Content negotiation for digests: JSON, HTML or Markdown; anything else is a <c>406</c>.</summary>
public static class DigestFormats
{
    /// <summary>The media types offered, in the order preferred when a client accepts several equally.</summary>
    public static IReadOnlyList<(string MediaType, DigestFormat Format)> Offered { get; } =
    [
        ("application/json", DigestFormat.Json),
        ("text/html", DigestFormat.Html),
        ("text/markdown", DigestFormat.Markdown),
    ];

    /// <summary>
    /// The format <paramref name="accept"/> prefers: for each offered type the most specific range that matches it
    /// gives its quality (<c>text/html</c> over <c>text/*</c> over <c>*/*</c>), the highest quality wins, and ties go
    /// to the order of <see cref="Offered"/>. No header means JSON; null when nothing offered is acceptable or the
    /// header cannot be read.
    /// </summary>
    public static DigestFormat? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return DigestFormat.Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return null;
        }

        DigestFormat? best = null;
        var bestQuality = 0.0;
        foreach (var (mediaType, format) in Offered)
        {
            var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
            var (type, subtype) = (mediaType[..slash], mediaType[(slash + 1)..]);
            var match = ranges
                .Select(r => (Range: r, Specificity: Specificity(r, type, subtype)))
                .Where(m => m.Specificity >= 0)
                .OrderByDescending(m => m.Specificity)
                .FirstOrDefault();
            var quality = match.Range is null ? 0 : match.Range.Quality ?? 1.0;
            if (quality > bestQuality)
            {
                (best, bestQuality) = (format, quality);
            }
        }

        return best;
    }

    /// <summary>2 for an exact match, 1 for <c>type/*</c>, 0 for <c>*/*</c>, -1 when the range does not match.</summary>
    private static int Specificity(MediaTypeHeaderValue range, string type, string subtype) =>
        range.MatchesAllTypes ? 0
        : !range.Type.Equals(type, StringComparison.OrdinalIgnoreCase) ? -1
        : range.MatchesAllSubTypes ? 1
        : range.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 2
        : -1;
}

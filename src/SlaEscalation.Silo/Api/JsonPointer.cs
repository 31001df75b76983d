using System.Text;

namespace SlaEscalation.Silo.Api;

/// <summary>RFC 6901 JSON Pointers, the <c>pointer</c> of a <see cref="ProblemError"/>.</summary>
public static class JsonPointer
{
    /// <summary>The pointer to <paramref name="segments"/> from the root, each escaped (<c>~</c> as <c>~0</c>, <c>/</c> as <c>~1</c>).</summary>
    public static string Of(params string[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var pointer = new StringBuilder();
        foreach (var segment in segments)
        {
            pointer.Append('/').Append(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }

        return pointer.ToString();
    }

    /// <summary>
    /// The pointer of a configuration path as the Domain writes it (<c>policies[2].targets.urgent</c>, <c>[0].id</c>,
    /// <c>""</c> for the root): <c>/policies/2/targets/urgent</c>, <c>/0/id</c>, <c>""</c>. A name holding a dot
    /// or a bracket reads as two segments, as it does in the dotted path.
    /// </summary>
    public static string FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<string>();
        var segment = new StringBuilder();
        foreach (var c in path)
        {
            if (c is '.' or '[' or ']')
            {
                if (segment.Length > 0)
                {
                    segments.Add(segment.ToString());
                    segment.Clear();
                }
            }
            else
            {
                segment.Append(c);
            }
        }

        if (segment.Length > 0)
        {
            segments.Add(segment.ToString());
        }

        return Of([.. segments]);
    }
}

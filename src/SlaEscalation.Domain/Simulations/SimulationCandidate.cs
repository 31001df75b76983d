using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// A candidate configuration: the configuration in force with the sections the candidate gives (<c>calendars</c>,
/// <c>teams</c>, <c>policies</c>, <c>routing</c>, <c>runbooks</c>) replaced whole. A whole document replaces every
/// section it holds; the parts that change replace only theirs. Validated as a configuration change is.
/// </summary>
public static class SimulationCandidate
{
    /// <summary>
    /// Merges <paramref name="candidate"/> (a JSON object, or a string holding JSON or YAML) over
    /// <paramref name="inForce"/> and validates the result; errors are JSON Pointers under <paramref name="pointer"/>.
    /// </summary>
    /// <returns>The merged document as JSON and its configuration, or every error.</returns>
    public static (string? Document, IReadOnlyList<ConfigurationError> Errors) Merge(string inForce, JsonElement candidate, string pointer)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentNullException.ThrowIfNull(pointer);
        JsonNode? parts;
        if (candidate.ValueKind == JsonValueKind.String)
        {
            // JSON is YAML too: one reader takes either text.
            if (YamlJson.Convert(candidate.GetString()!, out var error) is not { } json)
            {
                return (null, [error! with { Path = pointer + PointerOf(error!.Path) }]);
            }

            using (var text = JsonDocument.Parse(json))
            {
                // An object candidate was checked with the body it came in; a text one only now reads as JSON.
                if (DuplicateKeys.In(text.RootElement, pointer) is { Count: > 0 } duplicates)
                {
                    return (null, duplicates);
                }
            }

            parts = JsonNode.Parse(json);
        }
        else
        {
            parts = JsonNode.Parse(candidate.GetRawText());
        }

        if (parts is not JsonObject sections)
        {
            return (null, [new ConfigurationError(pointer, "a configuration document (an object), or a string holding one in JSON or YAML")]);
        }

        var merged = string.IsNullOrWhiteSpace(inForce) ? [] : JsonNode.Parse(inForce)!.AsObject();
        foreach (var (name, value) in sections.ToList())
        {
            merged[name] = value?.DeepClone();
        }

        var document = merged.ToJsonString();
        var result = ConfigurationDocument.ParseJson(document);
        return result.IsValid ? (document, []) : (null, [.. result.Errors.Select(e => e with { Path = pointer + PointerOf(e.Path) })]);
    }

    /// <summary>
    /// A validation path as a JSON Pointer (RFC 6901): <c>policies[0].targets.urgent</c> is
    /// <c>/policies/0/targets/urgent</c>; a path that is a pointer already stays as it is.
    /// </summary>
    public static string PointerOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] == '/')
        {
            return path;
        }

        var pointer = new System.Text.StringBuilder();
        foreach (var segment in path.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Split('.'))
        {
            pointer.Append('/').Append(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }

        return pointer.ToString();
    }
}

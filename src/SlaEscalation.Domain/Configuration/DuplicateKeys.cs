using System.Text.Json;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Finds a name given twice in one JSON object. Readers differ on which of the two values counts (the first, the
/// last, an error), so a body that repeats a name is refused rather than read one way silently.
/// </summary>
public static class DuplicateKeys
{
    /// <summary>What a refusal says of a repeated <paramref name="name"/>.</summary>
    public static string Problem(string name) => $"duplicate key '{name}'";

    /// <summary>
    /// Every repeated name in <paramref name="element"/> and all it nests, each as an error at its JSON Pointer under
    /// <paramref name="pointer"/>, in document order.
    /// </summary>
    public static List<ConfigurationError> In(JsonElement element, string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var errors = new List<ConfigurationError>();
        Collect(element, pointer, errors);
        return errors;
    }

    private static void Collect(JsonElement element, string pointer, List<ConfigurationError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    // A name that is no Unicode text is left to the reader, which refuses it by name.
                    if (NameOf(property) is not { } name)
                    {
                        continue;
                    }

                    var at = $"{pointer}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    if (!seen.Add(name))
                    {
                        errors.Add(new(at, Problem(name)));
                        continue;
                    }

                    Collect(property.Value, at, errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, $"{pointer}/{index++}", errors);
                }

                break;
        }
    }

    private static string? NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

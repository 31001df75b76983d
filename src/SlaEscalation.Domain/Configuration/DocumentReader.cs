using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Reads typed values out of a JSON tree and records every problem with its path instead of stopping at the
/// first, so a refused document names all its errors at once.
/// </summary>
internal sealed class DocumentReader
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public List<ConfigurationError> Errors { get; } = [];

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public void Error(string path, string message) => Errors.Add(new(path, message));

    /// <summary>
    /// The properties of an object, in document order. A repeated name and a name outside
    /// <paramref name="known"/> (when given) are errors; the value of a repeated name is read once.
    /// </summary>
    public List<(string Name, JsonElement Value, string Path)> Properties(JsonElement element, string path, params string[] known)
    {
        var properties = new List<(string, JsonElement, string)>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, "must be an object");
            return properties;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (NameProblem(property) is { } nameProblem)
            {
                Error(path, $"a key {nameProblem}");
                continue;
            }

            var propertyPath = Join(path, property.Name);
            if (!seen.Add(property.Name))
            {
                Error(propertyPath, DuplicateKeys.Problem(property.Name));
                continue;
            }

            if (known.Length > 0 && Array.IndexOf(known, property.Name) < 0)
            {
                Error(propertyPath, $"unknown field; expected one of: {string.Join(", ", known)}");
                continue;
            }

            properties.Add((property.Name, property.Value, propertyPath));
        }

        return properties;
    }

    /// <summary>The elements of an array with their paths; anything else is an error.</summary>
    public List<(JsonElement Value, string Path)> Items(JsonElement element, string path)
    {
        var items = new List<(JsonElement, string)>();
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(path, "must be a list");
            return items;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items.Add((item, $"{path}[{index++}]"));
        }

        return items;
    }

    public static JsonElement? Find(List<(string Name, JsonElement Value, string Path)> properties, string name)
    {
        foreach (var property in properties)
        {
            if (property.Name == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// A non-empty string that can be stored: the configuration is kept whole in grain state and audit entries, and
    /// its values reach columns (<see cref="StoredText"/>).
    /// </summary>
    public string? String(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, "must be a non-empty string");
            return null;
        }

        var text = StoredText.Of(element);
        var problem = text switch
        {
            null => StoredText.NotUnicode,
            "" => "must be a non-empty string",
            _ => StoredText.ProblemWith(text, StoredLimits.ConfigurationText),
        };
        if (problem is not null)
        {
            Error(path, problem);
            return null;
        }

        return text;
    }

    private static string? NameProblem(JsonProperty property)
    {
        try
        {
            return StoredText.ProblemWith(property.Name, StoredLimits.ConfigurationText);
        }
        catch (InvalidOperationException)
        {
            return StoredText.NotUnicode;
        }
    }

    public string? String(List<(string Name, JsonElement Value, string Path)> properties, string name, string path, bool required)
    {
        if (Find(properties, name) is { } value)
        {
            return value.ValueKind == JsonValueKind.Null && !required ? null : String(value, Join(path, name));
        }

        if (required)
        {
            Error(Join(path, name), "is required");
        }

        return null;
    }

    public int? Int(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value))
        {
            return value;
        }

        Error(path, "must be a whole number");
        return null;
    }

    public bool? Bool(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        Error(path, "must be true or false");
        return null;
    }

    /// <summary>An ISO-8601 duration of fixed length: weeks, days (24 hours), hours, minutes, seconds.</summary>
    public Duration? Duration(JsonElement element, string path)
    {
        if (String(element, path) is not { } text)
        {
            return null;
        }

        var parsed = PeriodPattern.NormalizingIso.Parse(text);
        if (!parsed.Success)
        {
            Error(path, $"'{text}' is not an ISO-8601 duration such as PT4H or P2D");
            return null;
        }

        var period = parsed.Value;
        if (period.Years != 0 || period.Months != 0)
        {
            Error(path, $"'{text}' uses years or months, which have no fixed length; use weeks, days or hours");
            return null;
        }

        var duration = period.ToDuration();
        if (duration <= NodaTime.Duration.Zero)
        {
            Error(path, "must be a positive duration");
            return null;
        }

        return duration;
    }

    public DateTimeZone? Zone(JsonElement element, string path)
    {
        if (String(element, path) is not { } id)
        {
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        if (zone is null)
        {
            Error(path, $"unknown time zone '{id}'; use an IANA zone such as Europe/Berlin");
        }

        return zone;
    }

    public LocalDate? Date(JsonElement element, string path)
    {
        if (String(element, path) is not { } text)
        {
            return null;
        }

        var parsed = DatePattern.Parse(text);
        if (!parsed.Success)
        {
            Error(path, $"'{text}' is not a date such as 2026-12-25");
            return null;
        }

        return parsed.Value;
    }

    /// <summary>A list of strings parsed one by one; null when any item failed (errors recorded).</summary>
    public List<T>? List<T>(JsonElement element, string path, Func<JsonElement, string, T?> read)
        where T : struct
    {
        var values = new List<T>();
        var ok = true;
        foreach (var (item, itemPath) in Items(element, path))
        {
            if (read(item, itemPath) is { } value)
            {
                values.Add(value);
            }
            else
            {
                ok = false;
            }
        }

        return ok && element.ValueKind == JsonValueKind.Array ? values : null;
    }

    public List<string>? Strings(JsonElement element, string path)
    {
        var values = new List<string>();
        var ok = element.ValueKind == JsonValueKind.Array;
        foreach (var (item, itemPath) in Items(element, path))
        {
            if (String(item, itemPath) is { } value)
            {
                values.Add(value);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? values : null;
    }
}

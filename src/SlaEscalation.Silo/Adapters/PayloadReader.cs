using System.Globalization;
using System.Text.Json;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Silo.Api;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// Reads the fields of a vendor payload with our event limits, naming each problem by its JSON Pointer. Vendors send
/// ids as numbers or strings; both read as text. A value over a limit is refused by name, never stored half.
/// </summary>
public sealed class PayloadReader
{
    private readonly List<ProblemError> problems = [];

    public IReadOnlyList<ProblemError> Problems => problems;

    public void Problem(string pointer, string detail) => problems.Add(ProblemError.InBody(pointer, detail));

    /// <summary>The object at <paramref name="name"/>; null (and a problem when required) when absent or not an object.</summary>
    public JsonElement? Object(JsonElement parent, string at, string name, bool required = true)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        if (required || parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var present) && present.ValueKind != JsonValueKind.Null)
        {
            Problem($"{at}/{name}", parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var found)
                ? $"{name} must be an object, not {Found(found)}"
                : $"{name} must be an object");
        }

        return null;
    }

    /// <summary>An id (a string or a whole number) of at most <paramref name="maxLength"/> printable characters without spaces.</summary>
    public string? Id(JsonElement parent, string at, string name, bool required, int maxLength = StoredLimits.EventId)
    {
        var before = problems.Count;
        var text = Scalar(parent, at, name, numbers: true);
        if (text is null or "")
        {
            if (required && problems.Count == before)
            {
                Problem($"{at}/{name}", $"{name} is required");
            }

            return null;
        }

        if (text.Length > maxLength || !text.All(c => c is > ' ' and < '\u007f'))
        {
            Problem($"{at}/{name}", $"{name} must be at most {maxLength} printable characters without spaces");
            return null;
        }

        return text;
    }

    /// <summary>
    /// A vendor's ticket id, as the last part of the ticket key <c>{connection}:{id}</c>: an <see cref="Id"/> that fits the
    /// key's length with the connection's prefix, and holds no <c>/</c>, which no ticket key may (it could not be read back).
    /// </summary>
    public string? TicketId(JsonElement parent, string at, string name, string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var id = Id(parent, at, name, required: true, StoredLimits.TicketKey - connection.Length - 1);
        if (id is not null && id.Contains('/', StringComparison.Ordinal))
        {
            Problem($"{at}/{name}", $"{name} must not contain '/': it becomes the ticket key {connection}:{{id}}, and " + CloudEventReader.TicketKeyRule);
            return null;
        }

        return id;
    }

    /// <summary>A text field of at most <see cref="StoredLimits.TicketText"/> characters; null when absent.</summary>
    public string? Text(JsonElement parent, string at, string name, bool required = false)
    {
        var before = problems.Count;
        var text = Scalar(parent, at, name, numbers: false);
        if (text is null or "")
        {
            if (required && problems.Count == before)
            {
                Problem($"{at}/{name}", $"{name} is required");
            }

            return null;
        }

        if (StoredText.ProblemWith(text, StoredLimits.TicketText, multiLine: true) is { } problem)
        {
            Problem($"{at}/{name}", $"{name} {problem}");
            return null;
        }

        return text;
    }

    /// <summary>A boolean; vendors that send <c>"true"</c> as text are read too.</summary>
    public bool? Bool(JsonElement parent, string at, string name, bool required)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.True or JsonValueKind.False:
                    return value.GetBoolean();
                case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed):
                    return parsed;
            }
        }

        if (required)
        {
            Problem($"{at}/{name}", $"{name} must be true or false");
        }

        return null;
    }

    /// <summary>
    /// Tags as a list of strings (or one space-separated string), each within our limits. A plain array, not a
    /// collection expression's compiler-made list: the tags are stored in the ticket's state, whose every type a
    /// storage must be able to name and read back.
    /// </summary>
    public string[]? Tags(JsonElement parent, string at, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string[]? tags = value.ValueKind switch
        {
            JsonValueKind.Array when value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) =>
                [.. value.EnumerateArray().Select(t => StoredText.Of(t) ?? "\ud800")],
            JsonValueKind.String => (StoredText.Of(value) ?? "\ud800").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            _ => null,
        };
        if (tags is null || tags.Length > CloudEventReader.MaxTags || tags.Any(t => t.Length == 0 || StoredText.ProblemWith(t, StoredLimits.Tag) is not null))
        {
            Problem($"{at}/{name}", $"{name} must be at most {CloudEventReader.MaxTags} tags of at most {StoredLimits.Tag} characters");
            return null;
        }

        return tags.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>An RFC 3339 instant (any number of fraction digits), in UTC.</summary>
    public DateTimeOffset? Time(JsonElement parent, string at, string name)
    {
        var before = problems.Count;
        var text = Scalar(parent, at, name, numbers: false);
        if (text is not null && ParseTime(text) is { } time)
        {
            return time;
        }

        if (problems.Count > before)
        {
            return null;
        }

        Problem($"{at}/{name}", text is null ? $"{name} is required" : $"{name} must be an RFC 3339 time with an offset");
        return null;
    }

    /// <summary>Parses RFC 3339 with up to nine fraction digits (Zendesk sends nanoseconds); null when it is not one.</summary>
    public static DateTimeOffset? ParseTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            // .NET reads at most seven fraction digits; the rest is below a tick.
            if (end - dot - 1 > 7)
            {
                text = text[..(dot + 8)] + text[end..];
            }
        }

        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-';
        return hasOffset && DateTimeOffset.TryParseExact(
            text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToUniversalTime()
            : null;
    }

    /// <summary>
    /// A field's text: a string's, or a number's as written when <paramref name="numbers"/>; null when absent or null.
    /// Any other value is a problem naming what was found (a mapping that read it as absent would silently apply its
    /// default), and reads as null.
    /// </summary>
    private string? Scalar(JsonElement parent, string at, string name, bool numbers)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            // A string whose escapes make no valid UTF-16 reads as a lone surrogate, which the stored-text rule refuses.
            case JsonValueKind.String:
                return StoredText.Of(value) ?? "\ud800";
            case JsonValueKind.Number when numbers:
                return value.GetRawText();
            case JsonValueKind.Null:
                return null;
            default:
                Problem($"{at}/{name}", $"{name} must be {(numbers ? "a string or a number" : "a string")}, not {Found(value)}");
                return null;
        }
    }

    /// <summary>The JSON type of <paramref name="value"/> as a problem names it.</summary>
    private static string Found(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

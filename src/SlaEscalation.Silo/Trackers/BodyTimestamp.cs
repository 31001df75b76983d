using System.Text.Json;

namespace SlaEscalation.Silo.Trackers;

/// <summary>The instant a tracker's webhook body states in one of its top-level properties, in Unix milliseconds.</summary>
public static class BodyTimestamp
{
    /// <summary>
    /// The instant in <paramref name="property"/> of the body's top-level object; null when the body is not JSON, or
    /// the property is not a whole number of milliseconds in the years 1970 to 9999.
    /// </summary>
    public static DateTimeOffset? Read(ReadOnlySpan<byte> body, string property)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(property, out var value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt64(out var milliseconds)
                && milliseconds is > 0 and < 253402300799999
                    ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

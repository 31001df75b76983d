using System.Text.Json;

namespace SlaEscalation.Silo.Api.Escalations;

/// <summary>
/// The small JSON object bodies of escalation and task commands: string fields only, unknown fields refused, every
/// problem named.
/// </summary>
public sealed class CommandBody
{
    /// <summary>The largest body a command accepts.</summary>
    public const int MaxBytes = 16 * 1024;

    private readonly Dictionary<string, string> fields;

    private CommandBody(Dictionary<string, string> fields) => this.fields = fields;

    /// <summary>A field's value; null when absent.</summary>
    public string? this[string name] => fields.GetValueOrDefault(name);

    /// <summary>
    /// Reads the request body as an object whose fields are among <paramref name="allowed"/>, each a non-empty string
    /// of at most 2,000 characters. An empty body is an object with no fields. Returns the problems instead when any.
    /// </summary>
    public static async Task<(CommandBody? Body, IReadOnlyList<string> Problems)> ReadAsync(HttpRequest request, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return (null, [$"the body is larger than {MaxBytes} bytes"]);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, [$"the body is larger than {MaxBytes} bytes"]);
            }
        }

        if (buffer.Length == 0)
        {
            return (new CommandBody([]), []);
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, [$"the body must be application/json, not '{type}'"]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            return (null, [$"the body is not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ["the body must be a JSON object"]);
            }

            var problems = new List<string>();
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    problems.Add($"/{property.Name}: unknown field; expected {string.Join(", ", allowed)}");
                }
                else if (property.Value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"/{property.Name}: must be a string");
                }
                else if (property.Value.GetString() is not { Length: > 0 and <= 2000 } text || string.IsNullOrWhiteSpace(text))
                {
                    problems.Add($"/{property.Name}: must be a non-empty string of at most 2000 characters");
                }
                else
                {
                    values[property.Name] = text;
                }
            }

            return problems.Count > 0 ? (null, problems) : (new CommandBody(values), []);
        }
    }
}

using System.Text.Json;
using System.Text.Unicode;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Silo.Api.Escalations;

/// <summary>
/// The small JSON object bodies of escalation and task commands: string fields only, each named once, unknown fields
/// refused, every problem named.
/// </summary>
public sealed class CommandBody
{
    /// <summary>The largest body a command accepts.</summary>
    public const int MaxBytes = 16 * 1024;

    private readonly Dictionary<string, string> fields;

    private CommandBody(Dictionary<string, string> fields) => this.fields = fields;

    /// <summary>A field's value; null when absent.</summary>
    public string? this[CommandField field] => fields.GetValueOrDefault(field.Name);

    /// <summary>
    /// Reads the request body as an object whose fields are among <paramref name="allowed"/>, each once, each a
    /// string its <see cref="CommandField"/> accepts. An empty body is an object with no fields. Returns the problems
    /// instead when any, with the status to answer them with: 413 for a body over <see cref="MaxBytes"/>, 415 for one
    /// that is not JSON, 400 for the rest.
    /// </summary>
    public static async Task<(CommandBody? Body, IReadOnlyList<ProblemError> Problems, int Status)> ReadAsync(HttpRequest request, params CommandField[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowed);
        if (request.ContentLength > MaxBytes)
        {
            return (null, [ProblemError.InBody("", $"the body is larger than {MaxBytes} bytes")], StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, [ProblemError.InBody("", $"the body is larger than {MaxBytes} bytes")], StatusCodes.Status413PayloadTooLarge);
            }
        }

        // Checked before an empty body is taken as no fields: a browser form posted from another page (empty or not)
        // always names its own media type, and must not act.
        if (JsonCommand.RefusedMediaType(request) is { } type)
        {
            var detail = type == JsonCommand.NoMediaType ? "the body has no Content-Type: send it as application/json" : $"the body must be application/json, not '{type}'";
            return (null, [ProblemError.InBody("", detail)], StatusCodes.Status415UnsupportedMediaType);
        }

        if (buffer.Length == 0)
        {
            return (new CommandBody([]), [], StatusCodes.Status200OK);
        }

        if (!Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            return (null, [ProblemError.InBody("", "the body is not valid UTF-8")], StatusCodes.Status400BadRequest);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            return (null, [ProblemError.InBody("", $"the body is not valid JSON: {ex.Message}")], StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [ProblemError.InBody("", "the body must be a JSON object")], StatusCodes.Status400BadRequest);
            }

            var problems = new List<ProblemError>();
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!HasUnicodeName(property))
                {
                    problems.Add(ProblemError.InBody("", $"a field name {StoredText.NotUnicode}"));
                    continue;
                }

                var field = allowed.FirstOrDefault(f => f.Name == property.Name);
                if (!seen.Add(property.Name))
                {
                    // Which of two values a reader takes differs from reader to reader: neither is taken.
                    problems.Add(ProblemError.InBody(JsonPointer.Of(property.Name), "given more than once"));
                }
                else if (field is null)
                {
                    problems.Add(ProblemError.InBody(JsonPointer.Of(property.Name), allowed.Length == 0
                        ? "unknown field; this request takes no fields: send no body or {}"
                        : $"unknown field; expected {string.Join(", ", allowed.Select(f => f.Name))}"));
                }
                else if (property.Value.ValueKind != JsonValueKind.String)
                {
                    problems.Add(ProblemError.InBody(JsonPointer.Of(property.Name), "must be a string"));
                }
                else if (StoredText.Of(property.Value) is not { } text)
                {
                    problems.Add(ProblemError.InBody(JsonPointer.Of(property.Name), StoredText.NotUnicode));
                }
                else if (field.ProblemWith(text) is { } problem)
                {
                    problems.Add(problem);
                }
                else
                {
                    values[property.Name] = text;
                }
            }

            return problems.Count > 0 ? (null, problems, StatusCodes.Status400BadRequest) : (new CommandBody(values), [], StatusCodes.Status200OK);
        }
    }

    /// <summary>Whether a property's name decodes: reading it is what finds a lone surrogate escape in it.</summary>
    private static bool HasUnicodeName(JsonProperty property)
    {
        try
        {
            return property.Name is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

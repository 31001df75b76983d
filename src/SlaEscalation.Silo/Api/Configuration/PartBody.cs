using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>
/// Reads a configuration body (a part, or the whole document) as JSON text: JSON as sent, YAML
/// (<c>application/yaml</c>, <c>text/yaml</c>, <c>application/x-yaml</c>) as the JSON it reads as; at most
/// <see cref="MaxBytes"/>.
/// </summary>
public static class PartBody
{
    /// <summary>The largest part accepted; a whole example configuration is a few kilobytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly string[] YamlMediaTypes = ["application/yaml", "text/yaml", "application/x-yaml"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as JSON text, or the problem to answer instead (413, 415 or 400).</summary>
    public static async Task<(string? Text, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = FormatOf(request.ContentType);
        if (format is null)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the configuration as application/json or application/yaml (got '{request.ContentType}')."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        // Read at most one byte past the limit: a chunked body has no length to check up front.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, TooLarge());
            }
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.InvalidBody("Invalid body", "The body is not UTF-8 text."));
        }

        if (format == BodyFormat.Json)
        {
            return (text, null);
        }

        var json = ConfigurationDocument.JsonOfYaml(text);
        return json.IsValid
            ? (json.Value, null)
            : (null, Problems.Invalid("Invalid body", [.. json.Errors.Select(e => ProblemError.InBody(JsonPointer.FromPath(e.Path), e.Message))]));
    }

    private static BodyFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is not { } type)
        {
            return null;
        }

        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.Json;
        }

        return YamlMediaTypes.Contains(type, StringComparer.OrdinalIgnoreCase) || type.EndsWith("+yaml", StringComparison.OrdinalIgnoreCase)
            ? BodyFormat.Yaml
            : null;
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Body too large",
        detail: $"A configuration part is at most {MaxBytes} bytes.");
}

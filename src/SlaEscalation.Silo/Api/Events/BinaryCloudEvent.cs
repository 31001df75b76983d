using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// Reads one ticket event sent in the CloudEvents HTTP binding's binary mode: the attributes as <c>ce-*</c> headers
/// (percent-encoded), the ticket data as the body with its own <c>Content-Type</c>. The headers and body are put
/// together as the structured event they stand for and read by <see cref="CloudEventReader"/>, so both modes share
/// every rule; a problem with an attribute names its header as a parameter, a problem in the data points into the body.
/// </summary>
public static class BinaryCloudEvent
{
    private const string Prefix = "ce-";

    /// <summary>The attributes the structured reader knows: first the four CloudEvents requires, then the two tickets need.</summary>
    private static readonly string[] Attributes = ["specversion", "id", "source", "type", "subject", "time"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Whether a request is in binary mode: it carries any of the headers of the attributes CloudEvents requires
    /// (<c>ce-specversion</c>, <c>ce-id</c>, <c>ce-source</c>, <c>ce-type</c>), so that one left out is named, and its
    /// media type is not a CloudEvents format (<c>application/cloudevents</c>...), which makes a request structured
    /// whatever its headers say.
    /// </summary>
    public static bool IsBinary(IHeaderDictionary headers, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Attributes.Take(4).Any(a => headers.ContainsKey(Prefix + a))
            && !(mediaType ?? "").StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the body's media type is JSON (<c>application/json</c> or a <c>+json</c> type), the only data taken.</summary>
    public static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The event of a binary-mode request, or every problem found in it; <c>Envelope</c> is the structured event the
    /// request stands for (as far as it could be read), for the record of a refusal.
    /// </summary>
    public static (IReadOnlyList<(string TicketKey, TicketEventRecord Event)> Events, IReadOnlyList<ProblemError> Problems, ReadOnlyMemory<byte> Envelope) Read(
        IHeaderDictionary headers, ReadOnlyMemory<byte> body, IngestOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var problems = new List<ProblemError>();
        if (headers.ContainsKey(Prefix + "datacontenttype"))
        {
            // The binding says Content-Type is datacontenttype in binary mode, and the header must not be sent too.
            problems.Add(ProblemError.InParameter(Prefix + "datacontenttype", "ce-datacontenttype must not be sent in binary mode: Content-Type says what the data is"));
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var attribute in Attributes)
            {
                if (HeaderValue(headers, attribute, problems) is { } value)
                {
                    writer.WriteString(attribute, value);
                }
            }

            if (!body.IsEmpty)
            {
                writer.WritePropertyName("data");
                try
                {
                    using var data = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
                    data.WriteTo(writer);
                }
                catch (JsonException ex)
                {
                    problems.Add(ProblemError.InBody("", $"the body is not valid JSON: {ex.Message}"));
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        var envelope = buffer.WrittenSpan.ToArray();
        if (problems.Count > 0)
        {
            return ([], problems, envelope);
        }

        var (events, found) = CloudEventReader.Read(envelope, options, now);
        return (events, found.Select(Relocate).ToArray(), envelope);
    }

    /// <summary>
    /// The decoded value of <c>ce-{attribute}</c>: quotes removed, then one round of percent-decoding to UTF-8, which
    /// must be valid. Null when absent (the reader then names it as required) or refused.
    /// </summary>
    private static string? HeaderValue(IHeaderDictionary headers, string attribute, List<ProblemError> problems)
    {
        var name = Prefix + attribute;
        if (!headers.TryGetValue(name, out StringValues values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            problems.Add(ProblemError.InParameter(name, $"{name} must be sent once"));
            return null;
        }

        var text = values[0]!.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = Unquote(text[1..^1]);
        }

        if (PercentDecode(text) is { } decoded)
        {
            return decoded;
        }

        problems.Add(ProblemError.InParameter(name, $"{name} is not a valid percent-encoded UTF-8 value"));
        return null;
    }

    /// <summary>An RFC 9110 quoted string's content: a backslash quotes the next character.</summary>
    private static string Unquote(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            text.Append(quoted[i] == '\\' && i + 1 < quoted.Length ? quoted[++i] : quoted[i]);
        }

        return text.ToString();
    }

    /// <summary>One round of percent-decoding; null when an escape is malformed or the bytes are not valid UTF-8.</summary>
    internal static string? PercentDecode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                if (text[i] > '\u007f')
                {
                    return null;
                }

                bytes.Add((byte)text[i]);
                continue;
            }

            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return null;
            }

            bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            // Strict: overlong forms and lone surrogates are refused, as the binding requires, never replaced.
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// A problem of the structured event, placed where the binary request holds it: an attribute's as its <c>ce-*</c>
    /// header parameter, a data field's by its pointer into the body.
    /// </summary>
    internal static ProblemError Relocate(ProblemError problem)
    {
        var pointer = problem.Pointer ?? "";
        if (pointer == "/data")
        {
            return ProblemError.InBody("", problem.Detail);
        }

        if (pointer.StartsWith("/data/", StringComparison.Ordinal))
        {
            return ProblemError.InBody(pointer["/data".Length..], problem.Detail);
        }

        var attribute = pointer.TrimStart('/');
        if (Attributes.Contains(attribute, StringComparer.Ordinal))
        {
            var name = Prefix + attribute;
            var detail = problem.Detail.StartsWith(attribute + " ", StringComparison.Ordinal) ? name + problem.Detail[attribute.Length..] : problem.Detail;
            return ProblemError.InParameter(name, detail);
        }

        return problem;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Turns a YAML document into the equivalent JSON, so both formats share one reader and one schema. Plain scalars
/// that read as JSON numbers, booleans or null become those; everything else, and every quoted scalar, is a
/// string. Duplicate keys are kept, so the reader reports them with their path.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>How deep a document may nest: a configuration needs six levels; JSON bodies are read to 64 as well.</summary>
    public const int MaxDepth = 64;

    public static string? Convert(string yaml, out ConfigurationError? error)
    {
        error = null;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                parser.Consume<StreamStart>();
                if (!parser.TryConsume<DocumentStart>(out _))
                {
                    error = new ConfigurationError("", "the document is empty");
                    return null;
                }

                WriteNode(parser, writer, 1);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (YamlException e)
        {
            error = new ConfigurationError("", $"YAML syntax error at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
            return null;
        }
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer, int depth)
    {
        if (depth > MaxDepth && parser.Current is SequenceStart or MappingStart)
        {
            var deep = parser.Current!;
            throw new YamlException(deep.Start, deep.End, $"the document nests deeper than {MaxDepth} levels");
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            WriteScalar(scalar, writer);
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            writer.WriteStartArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                WriteNode(parser, writer, depth + 1);
            }

            writer.WriteEndArray();
        }
        else if (parser.TryConsume<MappingStart>(out _))
        {
            writer.WriteStartObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                writer.WritePropertyName(key.Value);
                WriteNode(parser, writer, depth + 1);
            }

            writer.WriteEndObject();
        }
        else
        {
            var current = parser.Current!;
            throw new YamlException(current.Start, current.End, "anchors, aliases and complex keys are not supported");
        }
    }

    private static void WriteScalar(Scalar scalar, Utf8JsonWriter writer)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "false")
        {
            writer.WriteBooleanValue(text == "true");
        }
        else if (JsonNumber().IsMatch(text))
        {
            writer.WriteRawValue(text.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}

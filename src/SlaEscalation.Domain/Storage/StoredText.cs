using System.Text.Json;

namespace SlaEscalation.Domain.Storage;

/// <summary>
/// The one rule for text that will be stored: at most a column's characters, no control characters (PostgreSQL's
/// <c>text</c> and <c>jsonb</c> refuse NUL, and the others have no place in an id or a name), and whole UTF-16 (a
/// lone surrogate cannot be written as UTF-8 at all).
/// </summary>
public static class StoredText
{
    /// <summary>
    /// What is wrong with <paramref name="text"/> as a stored value of at most <paramref name="maxLength"/> characters,
    /// as a sentence; null when nothing is. Free text (<paramref name="multiLine"/>) may hold line breaks and tabs.
    /// </summary>
    public static string? ProblemWith(string text, int maxLength, bool multiLine = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return $"must be at most {maxLength} characters, not {text.Length}";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(multiLine && c is '\n' or '\r' or '\t'))
            {
                return $"must not contain control characters (U+{(int)c:X4} at {i})";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"is not valid Unicode (a lone surrogate at {i})";
            }
        }

        return null;
    }

    /// <summary>
    /// A JSON string's text; null when its escapes make no valid UTF-16 (<c>"\ud800"</c>) or its bytes are not UTF-8,
    /// which the JSON reader only finds when the text is asked for.
    /// </summary>
    public static string? Of(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> characters of <paramref name="text"/> with each control character and
    /// surrogate replaced by <c>?</c>: what a message or a record may quote of a value that was refused.
    /// </summary>
    public static string Printable(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new([.. text.Take(maxLength).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c)]);
    }

    /// <summary>The detail for a string <see cref="Of"/> could not read.</summary>
    public const string NotUnicode = "is not valid Unicode (a lone surrogate escape, or bytes that are not UTF-8)";
}

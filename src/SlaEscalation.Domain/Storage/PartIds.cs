namespace SlaEscalation.Domain.Storage;

/// <summary>
/// The grammar of configuration ids (teams, calendars, runbooks, policies, routing rules):
/// <c>[a-z0-9][a-z0-9_-]{0,62}</c>. Ids end up in URLs, header values, delivery keys and column values, so they
/// take nothing that needs escaping in any of them.
/// </summary>
public static class PartIds
{
    /// <summary>The grammar, as the documentation and error messages state it.</summary>
    public const string Grammar = "[a-z0-9][a-z0-9_-]{0,62}";

    /// <summary>Whether <paramref name="id"/> follows <see cref="Grammar"/>.</summary>
    public static bool IsValid(string? id)
    {
        if (id is not { Length: > 0 and <= StoredLimits.PartId } || !IsLowerAlphanumeric(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsLowerAlphanumeric(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="id"/> is not an id, as a sentence; null when it is one.</summary>
    public static string? ProblemWith(string? id) =>
        IsValid(id) ? null : $"'{Clip(id ?? "")}' is not an id: use 1 to {StoredLimits.PartId} of a-z, 0-9, '_' and '-', starting with a letter or digit ({Grammar})";

    private static bool IsLowerAlphanumeric(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    // An id that is refused may hold anything: the message keeps a printable head of it.
    private static string Clip(string text) => StoredText.Printable(text, 40) + (text.Length <= 40 ? "" : "...");
}

using System.Globalization;

namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// The key of a team's digest of one local day: <c>{team}/{yyyy-MM-dd}</c>. The <c>/</c> and <c>-</c> keep it from
/// ever being read as a number by grain storage.
/// </summary>
public static class DigestKey
{
    /// <summary>The date format of digest keys and of <see cref="DigestFact.Date"/>.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The key of <paramref name="team"/>'s digest of <paramref name="date"/> (<c>yyyy-MM-dd</c>).</summary>
    public static string Of(string team, string date) => $"{team}/{date}";

    /// <summary>Splits a key made by <see cref="Of"/>; false when it is not one.</summary>
    public static bool TryParse(string key, out string team, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        team = slash > 0 ? key[..slash] : string.Empty;
        date = default;
        return slash > 0
            && DateOnly.TryParseExact(key[(slash + 1)..], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}

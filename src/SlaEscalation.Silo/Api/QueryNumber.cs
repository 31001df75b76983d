using System.Globalization;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// A whole-number query parameter read by the endpoint rather than bound by the framework, whose refusal of
/// <c>?limit=ten</c> would be a 400 without the <c>errors</c> every other bad parameter gets.
/// </summary>
public static class QueryNumber
{
    /// <summary>
    /// False when <paramref name="raw"/> is given but is not a whole number from <paramref name="min"/> to
    /// <paramref name="max"/>; <paramref name="value"/> is null when absent or refused.
    /// </summary>
    public static bool TryRead(string? raw, long min, long max, out long? value)
    {
        value = null;
        if (raw is null)
        {
            return true;
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }

        return false;
    }
}

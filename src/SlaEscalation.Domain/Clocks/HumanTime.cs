using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// Durations and instants as people read them on the board and in Slack: <c>1 h 2 min</c>, and an instant as the
/// team's local time with its offset, <c>2026-03-02 14:05 +01:00</c>. The API keeps ISO-8601 on the wire.
/// </summary>
public static partial class HumanTime
{
    /// <summary>
    /// <paramref name="span"/> in its two largest units, down to seconds: <c>2 d 3 h</c>, <c>1 h 2 min</c>,
    /// <c>4 min 5 s</c>, <c>0 s</c>; a unit that is zero after the first is left out (<c>1 h</c>).
    /// </summary>
    public static string Duration(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        var whole = TimeSpan.FromSeconds(Math.Floor(Math.Abs(span.TotalSeconds)));
        (long Amount, string Unit)[] units = [((long)whole.TotalDays, "d"), (whole.Hours, "h"), (whole.Minutes, "min"), (whole.Seconds, "s")];
        var first = Array.FindIndex(units, u => u.Amount > 0);
        if (first < 0)
        {
            return "0 s";
        }

        var shown = units.Skip(first).Take(2).Where((u, i) => i == 0 || u.Amount > 0).Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Amount} {u.Unit}"));
        return sign + string.Join(" ", shown);
    }

    /// <summary><paramref name="at"/> as local date and time in <paramref name="zone"/>, with the offset: <c>2026-03-02 14:05 +01:00</c>.</summary>
    public static string Instant(DateTimeOffset at, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return NodaTime.Instant.FromDateTimeOffset(at).InZone(zone).ToString("uuuu-MM-dd HH:mm o<+HH:mm>", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <paramref name="text"/> with every ISO-8601 instant in it (as the runbook's next-action descriptions write them
    /// for the API) said as <see cref="Instant"/> in <paramref name="zone"/>.
    /// </summary>
    public static string InText(string text, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsoInstant().Replace(text, match =>
            DateTimeOffset.TryParse(match.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? Instant(at, zone) : match.Value);
    }

    /// <summary>The zone named <paramref name="id"/> (IANA); UTC for none or one the database does not know.</summary>
    public static DateTimeZone Zone(string? id) =>
        (id is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id)) ?? DateTimeZone.Utc;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex IsoInstant();
}

using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// A team's local day: from its first instant to the next day's (23 or 25 hours across a DST change), due at the
/// team's digest hour on the next local day. A digest hour the zone skips that day (a spring-forward gap) is moved
/// forward by the gap; one it repeats (fall back) is the earlier instant, the same rule as calendar windows.
/// </summary>
public sealed record DigestDay(DigestTeam Team, LocalDate Date)
{
    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    /// <summary>The digest's key, <c>{team}/{yyyy-MM-dd}</c>.</summary>
    public string Key => DigestKey.Of(Team.Id, DateText);

    /// <summary>The day as <c>yyyy-MM-dd</c>.</summary>
    public string DateText => Iso.Format(Date);

    /// <summary>The day's first instant (its local midnight, or the first instant after a skipped midnight).</summary>
    public DateTimeOffset From => Date.AtStartOfDayInZone(Team.Zone).ToDateTimeOffset().ToUniversalTime();

    /// <summary>The next day's first instant.</summary>
    public DateTimeOffset To => Date.PlusDays(1).AtStartOfDayInZone(Team.Zone).ToDateTimeOffset().ToUniversalTime();

    /// <summary>When the digest is due: the digest hour on the next local day, resolved leniently.</summary>
    public DateTimeOffset PublishAt =>
        Date.PlusDays(1).At(new LocalTime(Team.DigestHour, 0)).InZoneLeniently(Team.Zone).ToDateTimeOffset().ToUniversalTime();

    /// <summary>Whether <paramref name="instant"/> falls on this day.</summary>
    public bool Contains(DateTimeOffset instant) => instant >= From && instant < To;

    /// <summary>Reads a <c>yyyy-MM-dd</c> date; null when it is not one.</summary>
    public static LocalDate? ParseDate(string text)
    {
        var result = Iso.Parse(text);
        return result.Success && text.Length == DigestKey.DateFormat.Length ? result.Value : null;
    }

    /// <summary>Formats a date as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(LocalDate date) => Iso.Format(date);

    /// <summary>The <see cref="DateOnly"/> of a <see cref="LocalDate"/>.</summary>
    public static LocalDate FromDateOnly(DateOnly date) => new(date.Year, date.Month, date.Day);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Key} ({Team.Zone.Id})");
}

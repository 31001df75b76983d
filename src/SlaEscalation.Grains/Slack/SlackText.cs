using System.Globalization;
using NodaTime;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// Text as Slack takes it: <c>mrkdwn</c> escaped, and cut to a field's limit without breaking an escape or a
/// surrogate pair (Slack refuses a whole message over one long field, so a long subject must not cost the message).
/// </summary>
public static class SlackText
{
    /// <summary>What a cut text ends with.</summary>
    public const string Ellipsis = "…";

    /// <summary><paramref name="text"/> escaped for <c>mrkdwn</c> and cut to at most <paramref name="max"/> characters.</summary>
    public static string Mrkdwn(string text, int max) => Clip(Digests.DigestSlackMessage.Escape(text), max);

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> characters, ending in <see cref="Ellipsis"/> when
    /// cut; never inside an <c>&amp;...;</c> escape or between the halves of a surrogate pair.
    /// </summary>
    public static string Clip(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, Ellipsis.Length + 1);
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - Ellipsis.Length;
        if (char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }

        // An escape is at most "&amp;": an '&' within the last four characters with no ';' after it is cut open.
        var amp = text.LastIndexOf('&', cut - 1, Math.Min(cut, 4));
        if (amp >= 0 && text.IndexOf(';', amp, cut - amp) < 0)
        {
            cut = amp;
        }

        return text[..cut] + Ellipsis;
    }

    /// <summary>
    /// An instant as Slack shows it in each reader's own zone (<c>&lt;!date^...&gt;</c>), with the team's local time
    /// and offset in <paramref name="zone"/> as the fallback for clients that cannot.
    /// </summary>
    public static string Date(DateTimeOffset at, DateTimeZone zone) => string.Create(CultureInfo.InvariantCulture,
        $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{HumanTime.Instant(at, zone)}>");
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// Slack's request signature: <c>X-Slack-Signature: v0=</c> and the lower-case hex HMAC-SHA256, keyed with the app's
/// signing secret, of <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>. A timestamp more than five minutes from now
/// is refused, so a captured request cannot be replayed later.
/// </summary>
public static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>How far a request's timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Checks the request's signature with <paramref name="secret"/>; <paramref name="now"/> judges replays.</summary>
    public static SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var timestamp = headers[TimestampHeader].ToString();
        var signature = headers[SignatureHeader].ToString();
        if (timestamp.Length == 0 || signature.Length == 0)
        {
            return SignatureVerdict.Refused($"{SignatureHeader} and {TimestampHeader} are required");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Window)
        {
            return SignatureVerdict.Refused($"{TimestampHeader} is not within {Window.TotalMinutes:0} minutes of now");
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim());
        return expected.Length == given.Length && CryptographicOperations.FixedTimeEquals(expected, given)
            ? SignatureVerdict.Accepted
            : SignatureVerdict.Refused($"{SignatureHeader} does not match the body");
    }

    /// <summary>The signature of <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds, as sent).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}

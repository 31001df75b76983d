using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Silo.Notifications;

/// <summary>
/// The webhook signature: <c>v1=</c> followed by the lowercase hex HMAC-SHA256, keyed with the endpoint's secret
/// (its UTF-8 bytes), of the ASCII timestamp (Unix seconds, as in <see cref="WebhookHeaders.Timestamp"/>), a
/// <c>.</c>, and the body's bytes exactly as sent.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The scheme prefix; a future scheme gets another, and a header may carry several, comma-separated.</summary>
    public const string Scheme = "v1=";

    /// <summary>How far a timestamp may be from the receiver's clock before <see cref="Verify"/> refuses it.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <see cref="WebhookHeaders.Signature"/> value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Scheme + Convert.ToHexStringLower(Mac(secret, timestamp, body));
    }

    /// <summary>
    /// Whether the headers sign <paramref name="body"/> under <paramref name="secret"/>, with a timestamp within
    /// <paramref name="tolerance"/> of <paramref name="now"/> (so a captured delivery cannot be replayed later).
    /// Compares in constant time.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || signatureHeader is null
            || timestamp < DateTimeOffset.MinValue.ToUnixTimeSeconds()
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Mac(secret, timestamp, body);
        var matched = false;
        foreach (var part in signatureHeader.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith(Scheme, StringComparison.Ordinal) && TryHex(part[Scheme.Length..], out var given))
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }

        return matched;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}

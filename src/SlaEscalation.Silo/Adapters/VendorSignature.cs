using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Silo.Adapters;

/// <summary>The HMAC recipes vendors sign webhooks with, compared in constant time.</summary>
public static class VendorSignature
{
    /// <summary>True when <paramref name="given"/> is base64 of HMAC-SHA256(secret, prefix + body).</summary>
    public static bool MatchesBase64Sha256(string given, string secret, string prefix, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(given);
        byte[] expected;
        using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret)))
        {
            var signed = new byte[Encoding.UTF8.GetByteCount(prefix) + body.Length];
            var written = Encoding.UTF8.GetBytes(prefix, signed);
            body.CopyTo(signed.AsSpan(written));
            expected = hmac.ComputeHash(signed);
        }

        return Equal(Encoding.ASCII.GetBytes(Convert.ToBase64String(expected)), Encoding.ASCII.GetBytes(given.Trim()));
    }

    /// <summary>True when <paramref name="given"/> is <c>{scheme}=</c> and the lower-case hex HMAC of the body.</summary>
    public static bool MatchesHex(string given, string secret, ReadOnlySpan<byte> body, string scheme)
    {
        ArgumentNullException.ThrowIfNull(given);
        var key = Encoding.UTF8.GetBytes(secret);
        var digest = scheme switch
        {
            "sha1" => HMACSHA1.HashData(key, body),
            "sha256" => HMACSHA256.HashData(key, body),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "sha1 or sha256"),
        };
        var expected = $"{scheme}={Convert.ToHexStringLower(digest)}";
        return Equal(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.Trim().ToLowerInvariant()));
    }

    private static bool Equal(byte[] expected, byte[] given) =>
        expected.Length == given.Length && CryptographicOperations.FixedTimeEquals(expected, given);
}

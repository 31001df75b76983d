using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SlaEscalation.Silo.Adapters;

namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// Linear's webhook signature: <c>Linear-Signature</c> is the hex HMAC-SHA256 of the raw body with the webhook's
/// signing secret, and the body's <c>webhookTimestamp</c> (Unix milliseconds) must be within a minute of now, so a
/// captured request cannot be replayed later.
/// </summary>
public static class LinearSignature
{
    public const string Header = "Linear-Signature";

    /// <summary>How far <c>webhookTimestamp</c> may be from now, either way.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var given = headers[Header].ToString().Trim();
        if (given.Length == 0)
        {
            return SignatureVerdict.Refused($"{Header} is required");
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        var offered = Encoding.ASCII.GetBytes(given.ToLowerInvariant());
        if (expected.Length != offered.Length || !CryptographicOperations.FixedTimeEquals(expected, offered))
        {
            return SignatureVerdict.Refused($"{Header} does not match the body");
        }

        // Read only once the signature holds: the timestamp is trusted because the body is.
        if (BodyTimestamp.Read(body, "webhookTimestamp") is not { } sent)
        {
            return SignatureVerdict.Refused("webhookTimestamp (Unix milliseconds) is required in the body");
        }

        return (now - sent).Duration() <= Window
            ? SignatureVerdict.Accepted
            : SignatureVerdict.Refused(string.Create(CultureInfo.InvariantCulture, $"webhookTimestamp is {(now - sent).TotalSeconds:0} s from now; at most {Window.TotalSeconds:0} s is accepted"));
    }
}

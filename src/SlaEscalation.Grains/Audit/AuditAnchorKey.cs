using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// The secret that signs audit anchors (<see cref="AuditAnchors"/>): kept in the silos' settings, never in the
/// database, so whoever can write the database still cannot make an anchor that verifies.
/// </summary>
public sealed class AuditAnchorKey
{
    /// <summary>The fewest characters a configured key may have.</summary>
    public const int MinLength = 32;

    private readonly byte[] key;

    private AuditAnchorKey(byte[] key) => this.key = key;

    /// <summary>The key whose secret is <paramref name="secret"/>'s UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="MinLength"/> characters.</exception>
    public static AuditAnchorKey FromSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinLength)
        {
            throw new ArgumentException($"an audit anchor key has at least {MinLength} characters", nameof(secret));
        }

        return new AuditAnchorKey(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>A random key for one run of a process whose trail lives only as long as it does.</summary>
    public static AuditAnchorKey NewForRun() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="data"/>.</summary>
    public string Sign(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(key, data));
}

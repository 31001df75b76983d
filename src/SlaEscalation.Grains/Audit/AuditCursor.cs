using System.Buffers.Text;
using System.Globalization;
using System.Text;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// A position in the trail's cross-chain order (time, chain, sequence): keyset paging stays exact while entries are
/// appended. On the wire it is an opaque token.
/// </summary>
public sealed record AuditCursor(DateTimeOffset At, string ChainKey, long Sequence) : IComparable<AuditCursor>
{
    public static AuditCursor Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditCursor(entry.At, entry.ChainKey, entry.Sequence);
    }

    public int CompareTo(AuditCursor? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byTime = At.CompareTo(other.At);
        if (byTime != 0)
        {
            return byTime;
        }

        var byChain = string.CompareOrdinal(ChainKey, other.ChainKey);
        return byChain != 0 ? byChain : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>The token: base64url of <c>{utc ticks}.{sequence}.{chain}</c>.</summary>
    public string ToToken() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"{At.UtcTicks}.{Sequence}.{ChainKey}")));

    /// <summary>Reads a token made by <see cref="ToToken"/>; null when it is not one.</summary>
    public static AuditCursor? FromToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024 || !Base64Url.IsValid(token))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('.', 3);
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && parts[2].Length > 0
                ? new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[2], sequence)
                : null;
    }
}

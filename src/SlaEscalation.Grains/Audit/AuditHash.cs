using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// The hash that chains audit entries: lower-case hex SHA-256 over the entry's canonical encoding.
/// </summary>
/// <remarks>
/// <para>
/// The encoding is the ASCII tag <c>sla-audit/v1</c>, then eleven fields in this order: chain key, sequence, time,
/// actor kind, actor, ticket key, action, before, after, caused by, previous hash. A null field is the one byte
/// <c>0x00</c>; a present one is <c>0x01</c>, its UTF-8 length as a 4-byte big-endian integer, then its UTF-8 bytes.
/// The sequence is written in invariant decimal, the time as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> in UTC, the actor
/// kind and action as their wire names (<see cref="AuditWireNames"/>).
/// </para>
/// <para>
/// Length prefixes make the encoding unambiguous: <c>("ab", "c")</c> and <c>("a", "bc")</c>, or a null and an empty
/// text, never encode alike, as plain concatenation would. Stored entries are verified with this very encoding, so it
/// never changes; a new one is a new tag beside it. Text that is not valid UTF-16 (a lone surrogate) is refused
/// rather than replaced, since a replacement would give two texts one hash.
/// </para>
/// <para>
/// An entry with an <see cref="AuditEntry.OnBehalfOf"/> is encoded as <c>sla-audit/v2</c>: the same fields with the
/// on-behalf-of name after the actor (twelve). An entry without one keeps <c>v1</c>, so every entry written before
/// the field existed still verifies, and removing the name from a <c>v2</c> entry changes its hash.
/// </para>
/// </remarks>
public static class AuditHash
{
    private static readonly byte[] Tag = "sla-audit/v1"u8.ToArray();
    private static readonly byte[] TagWithOnBehalfOf = "sla-audit/v2"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The hash <paramref name="entry"/> must carry: computed over every field but <see cref="AuditEntry.Hash"/>.</summary>
    public static string Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        // Encoded whole, then hashed in one call: an incremental hash per entry costs a native context and a
        // finalizable handle, on a path that runs for every transition a ticket records.
        var encoding = new ArrayBufferWriter<byte>(512);
        encoding.Write(entry.OnBehalfOf is null ? Tag : TagWithOnBehalfOf);
        Append(encoding, entry.ChainKey);
        Append(encoding, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(encoding, FormatTime(entry.At));
        Append(encoding, AuditWireNames.Of(entry.ActorKind));
        Append(encoding, entry.Actor);
        if (entry.OnBehalfOf is not null)
        {
            Append(encoding, entry.OnBehalfOf);
        }

        Append(encoding, entry.TicketKey);
        Append(encoding, AuditWireNames.Of(entry.Action));
        Append(encoding, entry.Before);
        Append(encoding, entry.After);
        Append(encoding, entry.CausedBy);
        Append(encoding, entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(encoding.WrittenSpan));
    }

    /// <summary>Whether <paramref name="entry"/>'s stored hash is the one its fields give.</summary>
    public static bool IsIntact(AuditEntry entry) =>
        string.Equals(Compute(entry), entry.Hash, StringComparison.Ordinal);

    /// <summary>The time as hashed: UTC, microseconds, fixed width.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Appends <paramref name="field"/> in the length-prefixed encoding (also what anchors are signed over).</summary>
    internal static void Append(ArrayBufferWriter<byte> encoding, string? field)
    {
        if (field is null)
        {
            encoding.Write([(byte)0]);
            return;
        }

        var length = StrictUtf8.GetByteCount(field);
        var span = encoding.GetSpan(5 + length);
        span[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(span[1..5], length);
        StrictUtf8.GetBytes(field, span[5..]);
        encoding.Advance(5 + length);
    }
}

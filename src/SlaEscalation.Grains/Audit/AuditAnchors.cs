using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// Anchors make the newest end of each chain evident. Hashes show an edited, reordered or missing entry inside a
/// chain, but anyone who can write the database can delete a chain's newest entries, or the whole chain, and leave
/// a valid chain (or none). Each append therefore also records each chain's new head as an anchor signed with a key
/// the database does not hold; anchors form one chain of their own (each names the digest before it), so an anchor
/// cannot be dropped either, except from the newest end: the digest of the latest anchor, kept elsewhere by an
/// operator, shows that.
/// </summary>
/// <remarks>
/// The digest is lower-case hex HMAC-SHA256 over the ASCII tag <c>sla-audit-anchor/v1</c> and the anchor's sequence,
/// chain key, chain sequence, chain hash and previous digest, in <see cref="AuditHash"/>'s length-prefixed encoding.
/// </remarks>
public static class AuditAnchors
{
    /// <summary>The name the anchor chain is reported under when it is broken.</summary>
    public const string ChainName = "audit-anchors";

    private static readonly byte[] Tag = "sla-audit-anchor/v1"u8.ToArray();

    /// <summary>
    /// The anchors an append of <paramref name="fresh"/> entries (what <see cref="AuditChain.Fresh"/> let through,
    /// of one or more chains) adds after <paramref name="last"/>: one per chain, at its last fresh entry.
    /// </summary>
    public static IReadOnlyList<AuditAnchor> Extend(AuditAnchorKey key, AuditAnchor? last, IEnumerable<AuditEntry> fresh)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fresh);
        var heads = new Dictionary<string, AuditEntry>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in fresh)
        {
            if (!heads.ContainsKey(entry.ChainKey))
            {
                order.Add(entry.ChainKey);
            }

            heads[entry.ChainKey] = entry;
        }

        var anchors = new List<AuditAnchor>(order.Count);
        foreach (var chainKey in order)
        {
            var head = heads[chainKey];
            var previous = anchors.Count > 0 ? anchors[^1] : last;
            var unsigned = new AuditAnchor((previous?.Sequence ?? 0) + 1, chainKey, head.Sequence, head.Hash, previous?.Digest, string.Empty);
            anchors.Add(unsigned with { Digest = Digest(key, unsigned) });
        }

        return anchors;
    }

    /// <summary>The digest <paramref name="anchor"/> must carry: over every field but <see cref="AuditAnchor.Digest"/>.</summary>
    public static string Digest(AuditAnchorKey key, AuditAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(anchor);
        var encoding = new ArrayBufferWriter<byte>(256);
        encoding.Write(Tag);
        AuditHash.Append(encoding, anchor.Sequence.ToString(CultureInfo.InvariantCulture));
        AuditHash.Append(encoding, anchor.ChainKey);
        AuditHash.Append(encoding, anchor.ChainSequence.ToString(CultureInfo.InvariantCulture));
        AuditHash.Append(encoding, anchor.ChainHash);
        AuditHash.Append(encoding, anchor.PreviousDigest);

        // The keyed step is over the encoding's hash: one HMAC per anchor whatever the chain key's length.
        return key.Sign(SHA256.HashData(encoding.WrittenSpan));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Silo.Security;

/// <summary>A configured API key: only its SHA-256 is kept in memory after start-up.</summary>
/// <param name="Name">Who holds the key (shown in the audit trail, never the key itself).</param>
/// <param name="Sha256">The SHA-256 of the key.</param>
/// <param name="Scopes">What the key may do.</param>
public sealed record ApiKey(string Name, byte[] Sha256, IReadOnlySet<string> Scopes)
{
    /// <summary>
    /// The event sources the key may write for (an adapter's helpdesk: <c>zendesk</c>); empty: any. A source-limited
    /// key's events must carry one of them as <c>source</c> and as the ticket key's prefix.
    /// </summary>
    public IReadOnlySet<string> Sources { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

using System.Globalization;
using System.Security.Cryptography;

namespace SlaEscalation.Silo.Security;

/// <summary>
/// The configured API keys. Keys come from configuration that deployments fill from secrets
/// (<c>Auth__ApiKeys__0__Name</c>, <c>__Key</c> or <c>__KeySha256</c>, <c>__Scopes</c>), never from the repository.
/// </summary>
public sealed class ApiKeyRing
{
    public const string Section = "Auth:ApiKeys";

    private readonly ApiKey[] keys;

    public ApiKeyRing(IEnumerable<ApiKey> keys) => this.keys = keys.ToArray();

    /// <summary>How many keys are configured.</summary>
    public int Count => keys.Length;

    /// <summary>
    /// Finds the key matching <paramref name="presented"/>. Every configured key is compared, in constant time,
    /// so the answer's timing says nothing about how close a guess came.
    /// </summary>
    public ApiKey? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = ApiKey.Hash(presented);
        ApiKey? match = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                match = key;
            }
        }

        return match;
    }

    /// <summary>The configured key whose SHA-256 is <paramref name="sha256"/>; null once it is no longer configured.</summary>
    public ApiKey? WithHash(byte[] sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return keys.FirstOrDefault(key => CryptographicOperations.FixedTimeEquals(sha256, key.Sha256));
    }

    /// <summary>Reads the keys from configuration; returns every error, each naming its key path.</summary>
    public static (ApiKeyRing Ring, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var keys = new List<ApiKey>();
        foreach (var entry in configuration.GetSection(Section).GetChildren())
        {
            var path = $"{Section}:{entry.Key}";
            var errorsBefore = errors.Count;
            var name = entry["Name"] ?? entry.Key;
            var plain = entry["Key"];
            var sha = entry["KeySha256"];
            byte[]? hash = null;
            if (!string.IsNullOrEmpty(plain) && !string.IsNullOrEmpty(sha))
            {
                errors.Add($"{path} sets both Key and KeySha256: keep one.");
            }
            else if (!string.IsNullOrEmpty(plain))
            {
                if (plain.Length < 24)
                {
                    errors.Add($"{path}:Key is shorter than 24 characters: use a long random key (for example: openssl rand -hex 32).");
                }

                hash = ApiKey.Hash(plain);
            }
            else if (!string.IsNullOrEmpty(sha))
            {
                try
                {
                    hash = Convert.FromHexString(sha);
                }
                catch (FormatException)
                {
                    hash = null;
                }

                if (hash is not { Length: 32 })
                {
                    errors.Add($"{path}:KeySha256 must be 64 hexadecimal characters (the SHA-256 of the key).");
                }
            }
            else
            {
                errors.Add($"{path} has neither Key nor KeySha256.");
            }

            var scopes = (entry["Scopes"] ?? string.Empty)
                .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.Ordinal);
            if (scopes.Count == 0)
            {
                errors.Add($"{path}:Scopes is empty: list some of {string.Join(", ", Scopes.All)}.");
            }

            foreach (var unknown in scopes.Where(s => !Scopes.All.Contains(s)))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:Scopes names unknown scope '{unknown}': use {string.Join(", ", Scopes.All)}."));
            }

            var sources = (entry["Sources"] ?? string.Empty)
                .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var bad in sources.Where(s => !EventSources.IsSourceName(s)))
            {
                errors.Add($"{path}:Sources names '{Clip(bad)}': a source is 1-100 letters, digits, '.', '-' or '_' (the ticket key's prefix, e.g. zendesk).");
            }

            // A key with any problem is never usable, even if start-up were to go on.
            if (errors.Count == errorsBefore && hash is { Length: 32 })
            {
                keys.Add(new ApiKey(name, hash, scopes) { Sources = sources });
            }
        }

        return (new ApiKeyRing(keys), errors);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

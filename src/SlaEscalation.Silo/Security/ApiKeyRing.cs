using System.Globalization;
using System.Security.Cryptography;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Silo.Hosting;

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
        var pathByHash = new Dictionary<string, (string Path, string Name)>(StringComparer.Ordinal);
        var pathByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in configuration.GetSection(Section).GetChildren())
        {
            var path = $"{Section}:{entry.Key}";
            var errorsBefore = errors.Count;

            // The name is the actor in the audit trail and the rate limiter's partition. A list's index (the entry
            // key of Auth__ApiKeys__3__Key) moves when the list is reordered, so only a word (appsettings.json's
            // "ApiKeys": { "ops": { ... } }) may stand in for a missing Name.
            var name = entry["Name"]?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                name = entry.Key;
                if (name.All(char.IsAsciiDigit))
                {
                    errors.Add($"{path} has no Name: set {SiloSettings.Env(path)}__Name, the name the audit trail and the rate limit know the key by (a place in the list changes when the list does).");
                    name = null;
                }
            }

            if (name is not null && StoredText.ProblemWith(name, StoredLimits.Actor) is { } nameProblem)
            {
                errors.Add($"{path}:Name {nameProblem}.");
            }
            else if (name is not null && !pathByName.TryAdd(name, path))
            {
                errors.Add($"{path}:Name '{name}' is already the name of {pathByName[name]} (names compare ignoring case): give every key a name of its own.");
            }

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

            // Two entries with one key would leave the key with whichever scopes were read last.
            if (hash is { Length: 32 } && !pathByHash.TryAdd(Convert.ToHexString(hash), (path, name ?? entry.Key)))
            {
                var (first, firstName) = pathByHash[Convert.ToHexString(hash)];
                errors.Add($"{path} is the same key as {first} ('{firstName}'): give every entry a key of its own.");
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
            if (errors.Count == errorsBefore && hash is { Length: 32 } && name is not null)
            {
                keys.Add(new ApiKey(name, hash, scopes) { Sources = sources });
            }
        }

        return (new ApiKeyRing(keys), errors);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>
/// Each silo's cache of the configuration in force. It answers from memory while its copy is at least the
/// version asked for and was confirmed within <see cref="FreshFor"/>; otherwise one caller at a time asks the
/// <see cref="IConfigurationGrain"/>, which sends the document only when its version moved, so the document is
/// parsed once per version per silo.
/// </summary>
public sealed class SlaConfigurationSource(IGrainFactory grains, TimeProvider time) : ISlaConfigurationSource, IDisposable
{
    /// <summary>How long a confirmed copy is served without asking again: the bound on how stale a silo can be.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    private static readonly VersionedConfiguration Nothing = new(0, SlaConfiguration.Empty);

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile Cached? cached;

    public async ValueTask<VersionedConfiguration> GetAsync(long minimumVersion = 0)
    {
        if (Usable(cached, minimumVersion) is { } hit)
        {
            return hit;
        }

        await refreshing.WaitAsync();
        try
        {
            // Whoever held the gate before us may have refreshed already.
            if (Usable(cached, minimumVersion) is { } refreshed)
            {
                return refreshed;
            }

            var known = cached?.Value ?? Nothing;
            var newer = await grains.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value).GetNewerThanAsync(known.Version);
            var value = newer is null ? known : new VersionedConfiguration(newer.Version, Parse(newer));
            cached = new Cached(value, time.GetTimestamp());
            return value;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>The version this silo last confirmed with the configuration grain; 0 before the first read.</summary>
    public long VersionInForce => cached?.Value.Version ?? 0;

    public void Dispose() => refreshing.Dispose();

    private VersionedConfiguration? Usable(Cached? copy, long minimumVersion) =>
        copy is not null && copy.Value.Version >= minimumVersion && time.GetElapsedTime(copy.ConfirmedAt) < FreshFor
            ? copy.Value
            : null;

    private static SlaConfiguration Parse(ConfigurationSnapshot snapshot)
    {
        var parsed = ConfigurationDocument.ParseJson(snapshot.Document);
        return parsed.IsValid
            ? parsed.Value
            : throw new InvalidOperationException(
                $"SLA configuration version {snapshot.Version} does not validate on this silo: {string.Join("; ", parsed.Errors)}");
    }

    private sealed record Cached(VersionedConfiguration Value, long ConfirmedAt);
}

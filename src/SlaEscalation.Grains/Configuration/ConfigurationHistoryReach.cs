using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>
/// How far back the configuration's history reaches. The store keeps only its newest changes
/// (<see cref="ConfigurationState.MaxHistoryEntries"/>, and a bound on their size); once older ones are gone, the
/// version before the oldest kept change is known only at the instant that change replaced it, not since when it
/// was in force.
/// </summary>
public static class ConfigurationHistoryReach
{
    /// <summary>
    /// The earliest instant whose configuration the history can tell; null when it goes back to the first version,
    /// so every instant can be told (before version 1 there was no configuration).
    /// </summary>
    /// <param name="version">The version in force now.</param>
    /// <param name="changedAt">When it came into force.</param>
    /// <param name="newestFirst">Every change the store keeps, newest first.</param>
    public static DateTimeOffset? KnownFrom(long version, DateTimeOffset? changedAt, IReadOnlyList<ConfigurationChange> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        if (newestFirst.Count == 0)
        {
            return version == 0 ? null : changedAt;
        }

        var oldest = newestFirst[^1];
        return oldest.Version <= 1 ? null : oldest.At;
    }

    /// <summary><see cref="KnownFrom(long, DateTimeOffset?, IReadOnlyList{ConfigurationChange})"/> of the configuration grain's store.</summary>
    public static async Task<DateTimeOffset?> KnownFromAsync(IConfigurationGrain store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var current = await store.GetAsync();
        var history = await store.GetHistoryAsync(ConfigurationState.MaxHistoryEntries, null);
        return KnownFrom(current.Version, current.ChangedAt, history.Changes);
    }
}

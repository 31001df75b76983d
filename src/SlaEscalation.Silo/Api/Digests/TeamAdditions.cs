using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>
/// When each team was added, read from the configuration's history (which keeps its newest 500 changes), once per
/// configuration version.
/// </summary>
public sealed class TeamAdditions(IGrainFactory grains)
{
    private (long Version, IReadOnlyList<ConfigurationChange> OldestFirst, DateTimeOffset? HistoryFrom)? history;

    /// <summary>
    /// Since when <paramref name="team"/> is known, as configuration <paramref name="version"/>'s history says: when
    /// it was added; else, once the history no longer reaches back to the first version, the instant the history
    /// begins (<c>HistoryStart</c>: the team was there already, since a time no longer known); else null.
    /// </summary>
    public async ValueTask<(DateTimeOffset? Since, bool HistoryStart)> KnownSinceAsync(string team, long version)
    {
        var known = history;
        if (known is null || known.Value.Version != version)
        {
            var page = await grains.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value).GetHistoryAsync(ConfigurationState.MaxHistoryEntries, null);
            known = (version, page.Changes.AsEnumerable().Reverse().ToArray(), ConfigurationHistoryReach.KnownFrom(version, null, page.Changes));
            history = known;
        }

        return AddedAt(known.Value.OldestFirst, team) is { } added ? (added, false) : (known.Value.HistoryFrom, known.Value.HistoryFrom is not null);
    }

    /// <summary>
    /// When <paramref name="team"/> was added: the first change, oldest first, that touches it, when it did not have
    /// the team before. Null when that change already had it (added before the history kept begins) or none touches it.
    /// </summary>
    public static DateTimeOffset? AddedAt(IReadOnlyList<ConfigurationChange> oldestFirst, string team)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        foreach (var change in oldestFirst)
        {
            var (before, after) = change.Part switch
            {
                ConfigurationPartKind.Team when change.PartId == team => (change.Before is not null, change.After is not null),
                ConfigurationPartKind.Document => (HasTeam(change.Before, team), HasTeam(change.After, team)),
                _ => (false, false),
            };
            if (before)
            {
                return null;
            }

            if (after)
            {
                return change.At;
            }
        }

        return null;
    }

    private static bool HasTeam(string? document, string team) =>
        document is not null && ConfigurationDocument.TeamIdsOf(document).Contains(team, StringComparer.Ordinal);
}

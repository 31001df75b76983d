using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>Durable state of the configuration grain: the document, its version, and a bounded history.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Configuration.ConfigurationState")]
public sealed class ConfigurationState
{
    /// <summary>At most this many changes are kept.</summary>
    public const int MaxHistoryEntries = 500;

    /// <summary>
    /// At most this many characters of before/after JSON are kept, so a run of large policy sets cannot grow the
    /// one stored row without bound; the newest change is always kept.
    /// </summary>
    public const int MaxHistoryCharacters = 2_000_000;

    [Id(0)] public long Version { get; set; }
    [Id(1)] public string Document { get; set; } = "{}";
    [Id(2)] public DateTimeOffset? ChangedAt { get; set; }
    [Id(3)] public string? ChangedBy { get; set; }

    /// <summary>Accepted changes, oldest first.</summary>
    [Id(4)] public List<ConfigurationChange> History { get; set; } = [];

    /// <summary>A new state with <paramref name="change"/> applied, the history trimmed to its bounds.</summary>
    public ConfigurationState With(string document, ConfigurationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var history = new List<ConfigurationChange>(History.Count + 1);
        var characters = Size(change);
        var kept = 0;
        for (var i = History.Count - 1; i >= 0 && kept < MaxHistoryEntries - 1; i--, kept++)
        {
            characters += Size(History[i]);
            if (characters > MaxHistoryCharacters)
            {
                break;
            }
        }

        history.AddRange(History.Skip(History.Count - kept));
        history.Add(change);
        return new ConfigurationState
        {
            Version = change.Version,
            Document = document,
            ChangedAt = change.At,
            ChangedBy = change.Actor,
            History = history,
        };
    }

    /// <summary>A page of history, newest first, older than <paramref name="before"/> when given.</summary>
    public ConfigurationHistoryPage Page(int limit, long? before)
    {
        var older = History.Where(c => before is null || c.Version < before).Reverse().ToList();
        var page = older.Take(limit).ToList();
        return new ConfigurationHistoryPage(page, older.Count > page.Count ? page[^1].Version : null);
    }

    private static long Size(ConfigurationChange change) => (change.Before?.Length ?? 0) + (change.After?.Length ?? 0);
}

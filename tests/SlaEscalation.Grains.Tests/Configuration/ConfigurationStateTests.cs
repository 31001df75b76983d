using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>The bounded history kept in the configuration grain's state.</summary>
public sealed class ConfigurationStateTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void History_keeps_the_newest_500_changes()
    {
        var state = new ConfigurationState();
        for (var version = 1; version <= 503; version++)
        {
            state = state.With("{}", Change(version, "{}"));
        }

        Assert.Equal(503, state.Version);
        Assert.Equal(ConfigurationState.MaxHistoryEntries, state.History.Count);
        Assert.Equal(4, state.History[0].Version);
        Assert.Equal(503, state.History[^1].Version);
    }

    [Fact]
    public void History_drops_the_oldest_changes_beyond_its_size_but_always_keeps_the_newest()
    {
        var big = new string('x', ConfigurationState.MaxHistoryCharacters / 3);
        var state = new ConfigurationState();
        for (var version = 1; version <= 4; version++)
        {
            state = state.With("{}", Change(version, big));
        }

        Assert.Equal([2, 3, 4], state.History.Select(c => c.Version));
        var huge = state.With("{}", Change(5, new string('y', ConfigurationState.MaxHistoryCharacters + 1)));
        Assert.Equal([5], huge.History.Select(c => c.Version));
    }

    [Fact]
    public void Pages_run_newest_first_and_say_where_the_next_page_starts()
    {
        var state = new ConfigurationState();
        for (var version = 1; version <= 5; version++)
        {
            state = state.With("{}", Change(version, "{}"));
        }

        var first = state.Page(2, null);
        var second = state.Page(2, first.NextBefore);
        var last = state.Page(2, second.NextBefore);

        Assert.Equal([5, 4], first.Changes.Select(c => c.Version));
        Assert.Equal(4, first.NextBefore);
        Assert.Equal([3, 2], second.Changes.Select(c => c.Version));
        Assert.Equal([1], last.Changes.Select(c => c.Version));
        Assert.Null(last.NextBefore);
    }

    private static ConfigurationChange Change(long version, string after) =>
        new(version, Start.AddMinutes(version), "alice", ConfigurationPartKind.Team, "eu", null, after);
}

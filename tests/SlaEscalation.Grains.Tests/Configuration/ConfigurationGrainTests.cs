using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>The durable, versioned configuration grain in a real (in-process) silo.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class ConfigurationGrainTests(ConfigurationCluster cluster)
{
    private const string Berlin = """{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","18:00"]]}}""";
    private const string Tokyo = """{"zone":"Asia/Tokyo","windows":{"mon-fri":[["09:00","18:00"]]}}""";
    private const string PolicyOnBerlin = """[{"id":"eu","targets":{"high":{"first_reply":{"target":"PT4H","calendar":"berlin"}}}}]""";

    [Fact]
    public async Task A_new_store_is_version_0_with_an_empty_document()
    {
        var snapshot = await Store("empty").GetAsync();

        Assert.Equal(new ConfigurationSnapshot(0, "{}", null, null), snapshot);
        Assert.Empty((await Store("empty").GetHistoryAsync(10, null)).Changes);
    }

    [Fact]
    public async Task Each_accepted_change_raises_the_version_by_one_and_is_recorded_with_actor_time_before_and_after()
    {
        var store = Store("versions");

        var first = await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Berlin, "alice"));
        var second = await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Tokyo, "bob"));
        var same = await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Tokyo, "carol"));

        Assert.Equal((ConfigurationChangeOutcome.Applied, 1L), (first.Outcome, first.Version));
        Assert.Empty(first.Problems);
        Assert.Equal((ConfigurationChangeOutcome.Applied, 2L), (second.Outcome, second.Version));
        Assert.Equal((ConfigurationChangeOutcome.Unchanged, 2L), (same.Outcome, same.Version));
        var snapshot = await store.GetAsync();
        Assert.Equal(2, snapshot.Version);
        Assert.Equal("{\"calendars\":{\"berlin\":" + Tokyo + "}}", snapshot.Document);
        Assert.Equal("bob", snapshot.ChangedBy);
        Assert.Equal(ConfigurationCluster.Start, snapshot.ChangedAt);
        var history = await store.GetHistoryAsync(10, null);
        Assert.Equal(
            [
                new ConfigurationChange(2, ConfigurationCluster.Start, "bob", ConfigurationPartKind.Calendar, "berlin", Berlin, Tokyo),
                new ConfigurationChange(1, ConfigurationCluster.Start, "alice", ConfigurationPartKind.Calendar, "berlin", null, Berlin),
            ],
            history.Changes);
        Assert.Null(history.NextBefore);
    }

    [Fact]
    public async Task A_refused_change_names_every_problem_and_changes_nothing()
    {
        var store = Store("refused");
        await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Berlin, "alice"));

        var refused = await store.ReplaceAsync(Put(ConfigurationPartKind.Policies, null,
            """[{"id":"eu","targets":{"high":{"first_reply":{"target":"PT4H","calendar":"tokyo"}}}}]""", "alice"));

        Assert.Equal(ConfigurationChangeOutcome.Invalid, refused.Outcome);
        Assert.Equal(1, refused.Version);
        Assert.Equal([new ConfigurationProblem("policies[0].targets.high.first_reply.calendar", "unknown calendar 'tokyo'")], refused.Problems);
        Assert.Equal(1, (await store.GetAsync()).Version);
        Assert.Single((await store.GetHistoryAsync(10, null)).Changes);
    }

    [Fact]
    public async Task A_change_expecting_another_version_is_refused()
    {
        var store = Store("conditional");
        await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Berlin, "alice"));

        var stale = await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Tokyo, "bob") with { ExpectedVersion = 0 });
        var current = await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Tokyo, "bob") with { ExpectedVersion = 1 });

        Assert.Equal((ConfigurationChangeOutcome.VersionMismatch, 1L), (stale.Outcome, stale.Version));
        Assert.Equal((ConfigurationChangeOutcome.Applied, 2L), (current.Outcome, current.Version));
    }

    [Fact]
    public async Task A_calendar_in_use_is_kept_until_nothing_refers_to_it()
    {
        var store = Store("delete");
        await store.ReplaceAsync(Put(ConfigurationPartKind.Calendar, "berlin", Berlin, "alice"));
        await store.ReplaceAsync(Put(ConfigurationPartKind.Policies, null, PolicyOnBerlin, "alice"));

        var refused = await store.DeleteAsync(Delete(ConfigurationPartKind.Calendar, "berlin"));
        await store.ReplaceAsync(Put(ConfigurationPartKind.Policies, null, "[]", "alice"));
        var deleted = await store.DeleteAsync(Delete(ConfigurationPartKind.Calendar, "berlin"));
        var again = await store.DeleteAsync(Delete(ConfigurationPartKind.Calendar, "berlin"));

        Assert.Equal(ConfigurationChangeOutcome.Invalid, refused.Outcome);
        Assert.Equal("policies[0].targets.high.first_reply.calendar", Assert.Single(refused.Problems).Path);
        Assert.Equal((ConfigurationChangeOutcome.Applied, 4L), (deleted.Outcome, deleted.Version));
        Assert.Equal((ConfigurationChangeOutcome.NotFound, 4L), (again.Outcome, again.Version));
        Assert.Equal(new ConfigurationPart(4, null), await store.GetPartAsync(ConfigurationPartKind.Calendar, "berlin"));
        Assert.Equal(new ConfigurationPart(4, "[]"), await store.GetPartAsync(ConfigurationPartKind.Policies, null));
    }

    [Fact]
    public async Task The_history_pages_back_with_before()
    {
        var store = Store("paging");
        foreach (var team in new[] { "a", "b", "c" })
        {
            var put = await store.ReplaceAsync(Put(ConfigurationPartKind.Team, "team-" + team, """{"members":["ann"],"zone":"UTC"}""", "alice"));
            Assert.Equal(ConfigurationChangeOutcome.Applied, put.Outcome);
        }

        var first = await store.GetHistoryAsync(2, null);
        var second = await store.GetHistoryAsync(2, first.NextBefore);

        Assert.Equal(["team-c", "team-b"], first.Changes.Select(c => c.PartId));
        Assert.Equal(2, first.NextBefore);
        Assert.Equal(["team-a"], second.Changes.Select(c => c.PartId));
        Assert.Null(second.NextBefore);
    }

    private IConfigurationGrain Store(string name) =>
        cluster.Grains.GetGrain<IConfigurationGrain>("sla-configuration-test-" + name);

    private static ConfigurationChangeRequest Put(ConfigurationPartKind part, string? id, string json, string actor) =>
        new(part, id, json, actor, null);

    private static ConfigurationChangeRequest Delete(ConfigurationPartKind part, string id) => new(part, id, "", "alice", null);
}

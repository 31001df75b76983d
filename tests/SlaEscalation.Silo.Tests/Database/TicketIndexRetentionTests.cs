using SlaEscalation.Grains.Tickets;
using SlaEscalation.Silo.Database;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>What retention reads from and removes in the ticket index on PostgreSQL: old solved entries only.</summary>
public sealed class TicketIndexRetentionTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Cutoff = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ThrowawayDatabase database = new();

    [Fact]
    public async Task Only_solved_entries_older_than_the_cutoff_are_listed_in_key_order_a_page_at_a_time()
    {
        var index = new PostgresTicketIndex(await database.CreateAsync("retention_list"));
        await index.UpsertAsync(Entry("zd:1", "solved", Cutoff.AddDays(-1)));
        await index.UpsertAsync(Entry("zd:2", "breached", Cutoff.AddDays(-9)));
        await index.UpsertAsync(Entry("zd:3", "solved", Cutoff));
        await index.UpsertAsync(Entry("zd:4", "solved", Cutoff.AddTicks(-10)));
        await index.UpsertAsync(Entry("zd:5", "solved", Cutoff.AddYears(-2)));

        var first = await index.ListSolvedBeforeAsync(Cutoff, null, 2);
        var second = await index.ListSolvedBeforeAsync(Cutoff, first[^1], 2);

        Assert.Equal(["zd:1", "zd:4"], first);
        Assert.Equal(["zd:5"], second);
    }

    [Fact]
    public async Task Removing_takes_a_solved_entry_and_leaves_one_that_heard_again()
    {
        var index = new PostgresTicketIndex(await database.CreateAsync("retention_remove"));
        await index.UpsertAsync(Entry("zd:1", "solved", Cutoff.AddDays(-1)));
        await index.UpsertAsync(Entry("zd:2", "active", Cutoff.AddDays(-1)));

        await index.RemoveSolvedAsync("zd:1");
        await index.RemoveSolvedAsync("zd:2");

        Assert.Empty(await index.ListAsync("solved", null, null, 10));
        Assert.Equal(["zd:2"], (await index.ListAsync("active", null, null, 10)).Select(e => e.Key));
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static TicketIndexEntry Entry(string key, string slaState, DateTimeOffset updatedAt) =>
        new(key, "support", null, slaState == "solved" ? "solved" : "open", slaState, null, updatedAt);
}

using Npgsql;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>A simulation asks for a page of tickets' escalations at once: both indexes answer alike.</summary>
public sealed class EscalationIndexForTicketsTests : IAsyncDisposable
{
    private NpgsqlDataSource? dataSource;

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task The_escalations_of_the_tickets_asked_for_come_back_by_id_and_no_others(string kind)
    {
        var index = kind == "memory" ? (IEscalationIndex)new InMemoryEscalationIndex() : await PostgresAsync();
        foreach (var (id, ticket) in new[] { ("esc_c", "t:1"), ("esc_a", "t:2"), ("esc_b", "t:1"), ("esc_d", "t:3") })
        {
            await index.UpsertAsync(View(id, ticket));
        }

        var views = await index.ListForTicketsAsync(["t:1", "t:2", "t:none"]);

        Assert.Equal(["esc_a/t:2", "esc_b/t:1", "esc_c/t:1"], views.Select(v => $"{v.Id}/{v.TicketKey}"));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Open_escalations_are_counted_by_their_current_level_and_resolved_ones_not_at_all(string kind)
    {
        var index = kind == "memory" ? (IEscalationIndex)new InMemoryEscalationIndex() : await PostgresAsync();
        await index.UpsertAsync(View("esc_a", "t:1"));
        await index.UpsertAsync(View("esc_b", "t:2") with { Level = 2 });
        await index.UpsertAsync(View("esc_c", "t:3") with { Level = 2 });
        await index.UpsertAsync(View("esc_d", "t:4") with { Level = 3, State = "resolved" });

        var counts = await index.CountOpenByLevelAsync();

        Assert.Equal([(1, 1L), (2, 2L)], counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    private static EscalationView View(string id, string ticket)
    {
        var at = new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);
        return new EscalationView(id, ticket, "first_reply", "first_reply", "r", "support", "open", 1, "team:support", true, null, at, at, null, null, [],
            [new EscalationStep(at, "acknowledged", 1, "team:support", "alice", null)]);
    }

    private async Task<IEscalationIndex> PostgresAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("escalations");
        dataSource = NpgsqlDataSource.Create(database);
        return new PostgresEscalationIndex(dataSource);
    }
}

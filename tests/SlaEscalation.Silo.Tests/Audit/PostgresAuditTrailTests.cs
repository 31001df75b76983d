using Npgsql;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Audit;

/// <summary>The audit trail on a real PostgreSQL, one fresh migrated database per test.</summary>
public sealed class PostgresAuditTrailTests : AuditTrailContractTests, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> dataSources = [];

    [Fact]
    public async Task An_edited_row_is_found_at_its_chain_and_sequence_and_other_chains_stay_intact()
    {
        var (trail, dataSource) = await CreateWithDataSourceAsync();
        await trail.AppendAsync(Chain("zendesk:1", 4));
        await trail.AppendAsync(Chain("zendesk:2", 2));
        await using (var edit = dataSource.CreateCommand("UPDATE sla_audit SET actor = 'mallory' WHERE chain_key = 'zendesk:1' AND seq = 3"))
        {
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var result = await trail.VerifyAsync();

        var broken = Assert.Single(result.Broken);
        Assert.Equal(("zendesk:1", 3L, AuditBreakKind.HashMismatch), (broken.ChainKey, broken.FirstBadSequence, broken.Kind));
        Assert.Equal((2, 6L), (result.ChainsChecked, result.EntriesChecked));
    }

    [Fact]
    public async Task A_deleted_row_and_an_unknown_action_are_found()
    {
        var (trail, dataSource) = await CreateWithDataSourceAsync();
        await trail.AppendAsync(Chain("zendesk:1", 3));
        await trail.AppendAsync(Chain("zendesk:2", 3));
        await using (var edit = dataSource.CreateCommand(
            "DELETE FROM sla_audit WHERE chain_key = 'zendesk:1' AND seq = 2; UPDATE sla_audit SET action = 'deleted' WHERE chain_key = 'zendesk:2' AND seq = 1"))
        {
            await edit.ExecuteNonQueryAsync();
        }

        var result = await trail.VerifyAsync();

        Assert.Equal(
            [("zendesk:1", 2L, AuditBreakKind.Gap), ("zendesk:2", 1L, AuditBreakKind.HashMismatch)],
            result.Broken.Select(b => (b.ChainKey, b.FirstBadSequence, b.Kind)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    protected override async Task<IAuditTrail> CreateAsync() => (await CreateWithDataSourceAsync()).Trail;

    private async Task<(IAuditTrail Trail, NpgsqlDataSource DataSource)> CreateWithDataSourceAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("audit");
        var dataSource = NpgsqlDataSource.Create(database);
        dataSources.Add(dataSource);
        return (new PostgresAuditTrail(dataSource), dataSource);
    }
}

using Npgsql;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

public sealed class MigrationTests
{
    /// <summary>Every query key the Orleans 10.4.2 ADO.NET clustering, storage and reminder providers read.</summary>
    private static readonly string[] RequiredQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrate_applies_every_script_once_and_a_second_run_changes_nothing()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("migrate");

        var first = await RunMigrateAsync(database);
        var before = await SnapshotAsync(database);
        var second = await RunMigrateAsync(database);
        var after = await SnapshotAsync(database);

        var ids = MigrationScript.All.Select(s => s.Id).ToArray();
        Assert.Equal(["0001_orleans_query", "0002_orleans_clustering", "0003_orleans_persistence", "0004_orleans_reminders"], ids.Take(4));
        foreach (var id in ids)
        {
            Assert.Contains($"applied {id}", first, StringComparison.Ordinal);
        }

        Assert.Contains($"up to date, nothing to apply ({ids.Length} migrations already applied)", second, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_query_catalogue_holds_every_key_the_providers_check_at_start()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("catalogue");
        await using var dataSource = NpgsqlDataSource.Create(database);

        await using var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery");
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Empty(RequiredQueryKeys.Except(keys));
    }

    [Fact]
    public async Task The_reminder_table_is_indexed_on_its_grain_hash()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("index");
        await using var dataSource = NpgsqlDataSource.Create(database);

        await using var command = dataSource.CreateCommand(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'orleansreminderstable' AND indexdef LIKE '%grainhash%'");
        var definition = (string?)await command.ExecuteScalarAsync();

        Assert.Equal("CREATE INDEX orleansreminderstable_grainhash ON public.orleansreminderstable USING btree (serviceid, grainhash)", definition);
    }

    [Fact]
    public async Task Concurrent_migrations_apply_each_script_exactly_once()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("concurrent");
        await using var dataSource = NpgsqlDataSource.Create(database);

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new SchemaMigrator(dataSource).MigrateAsync(CancellationToken.None)));

        Assert.Equal(MigrationScript.All.Count, reports.Sum(r => r.Applied.Count));
        Assert.Single(reports, r => r.Applied.Count > 0);
        Assert.Empty(await new SchemaMigrator(dataSource).FindMissingAsync(CancellationToken.None));
    }

    private static async Task<string> RunMigrateAsync(string database)
    {
        await using var migrate = SiloProcess.Launch(new Dictionary<string, string>(), ["migrate", "--postgres", database]);
        var exit = await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"migrate exited with {exit}:\n{migrate.Output}");
        return migrate.Output;
    }

    /// <summary>Everything migrate could change: tables, columns, indexes, queries and the history.</summary>
    private static async Task<string> SnapshotAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(string_agg(line, E'\n' ORDER BY line), '') FROM (
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
                  FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL SELECT 'query ' || QueryKey || ' ' || md5(QueryText) FROM OrleansQuery
                UNION ALL SELECT 'migration ' || id || ' ' || checksum || ' ' || applied_at FROM sla_schema_migrations
            ) snapshot
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}

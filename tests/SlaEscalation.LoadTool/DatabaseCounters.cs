using System.Globalization;
using Npgsql;

namespace SlaEscalation.LoadTool;

/// <summary>
/// PostgreSQL's own counters for one database at one instant: commits, rows written per table, WAL. The difference
/// of two snapshots says what a workload cost the database per event, which is what the ingest ratio is made of.
/// </summary>
public sealed record DatabaseCounters(long Commits, long WalRecords, long WalBytes, long WalSyncs, IReadOnlyDictionary<string, long> RowsWritten)
{
    public static async Task<DatabaseCounters> ReadAsync(string database)
    {
        // Backends publish their statistics about once a second: wait for the last ones.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        long commits;
        await using (var db = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection))
        {
            commits = (long)(await db.ExecuteScalarAsync())!;
        }

        long walRecords, walBytes, walSyncs;
        await using (var wal = new NpgsqlCommand("SELECT wal_records, wal_bytes::bigint, wal_sync FROM pg_stat_wal", connection))
        await using (var reader = await wal.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (walRecords, walBytes, walSyncs) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var tables = new NpgsqlCommand("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables", connection))
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new DatabaseCounters(commits, walRecords, walBytes, walSyncs, rows);
    }

    /// <summary>What happened between <paramref name="before"/> and this snapshot, per event.</summary>
    public IEnumerable<string> DescribePerEvent(DatabaseCounters before, long events)
    {
        ArgumentNullException.ThrowIfNull(before);
        double Per(long value) => (double)value / Math.Max(1, events);
        yield return string.Create(CultureInfo.InvariantCulture,
            $"commits {Per(Commits - before.Commits):F2}/event (this database); WAL {Per(WalRecords - before.WalRecords):F1} records, {Per(WalBytes - before.WalBytes):N0} bytes, {Per(WalSyncs - before.WalSyncs):F2} syncs per event (whole server)");
        foreach (var (table, written) in RowsWritten.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var delta = written - before.RowsWritten.GetValueOrDefault(table);
            if (delta > 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"rows written to {table}: {Per(delta):F2}/event");
            }
        }
    }
}

using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace SlaEscalation.LoadTool;

/// <summary>
/// The raw write ceiling the ingest figure is compared against: <c>connections</c> connections each upserting one
/// ~1 KB row per statement (autocommit, so one commit per row, as a grain write is) into a scratch table, for a
/// fixed time, over a key space as large as the workload's tickets.
/// </summary>
public static class UpsertCeiling
{
    private const string Table = "load_upsert_scratch";

    /// <summary>Returns the upserts per second achieved over <paramref name="duration"/>.</summary>
    public static async Task<(long Upserts, double PerSecond)> MeasureAsync(string database, int connections, int keys, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(database)
        {
            ConnectionStringBuilder = { MaxPoolSize = connections + 1, Pooling = true },
        }.Build();
        await using (var create = dataSource.CreateCommand($"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (id bigint PRIMARY KEY, version int NOT NULL, payload bytea NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        long upserts = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var payload = new byte[1024];
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var upsert = new NpgsqlCommand(
                $"INSERT INTO {Table} (id, version, payload) VALUES ($1, 1, $2) ON CONFLICT (id) DO UPDATE SET version = {Table}.version + 1, payload = excluded.payload",
                connection);
            var id = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint };
            var body = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea };
            upsert.Parameters.Add(id);
            upsert.Parameters.Add(body);
            await upsert.PrepareAsync(cancellationToken);
            while (!stop.IsCancellationRequested)
            {
                random.NextBytes(payload);
                id.TypedValue = random.Next(keys);
                body.TypedValue = payload;
                await upsert.ExecuteNonQueryAsync(CancellationToken.None);
                Interlocked.Increment(ref upserts);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;

        await using (var drop = dataSource.CreateCommand($"DROP TABLE {Table}"))
        {
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }

        return (upserts, upserts / elapsed.TotalSeconds);
    }
}

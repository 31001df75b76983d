using System.Buffers;
using System.Globalization;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace SlaEscalation.Silo.Database;

/// <summary>
/// Grain state in PostgreSQL (table <c>sla_grain_state</c>, schema 0009), written by group commit: the writes of
/// many grains waiting at the same moment go in one statement, and each grain's write returns only once that
/// statement has committed. Every event a ticket accepts costs it a state write, so this is what the ingest rate
/// is made of. State is kept in Orleans' binary format (the types' <c>[Id]</c>s make it version tolerant).
/// </summary>
/// <remarks>
/// <para>
/// The ETag is the row's version: the first write inserts version 1 and succeeds only if no row exists; each later
/// write succeeds only against the version it read, and bumps it. A write that loses either race throws
/// <see cref="InconsistentStateException"/>, as Orleans' own providers do. The row is keyed by the whole grain id
/// (type and key) and the state name, so two grain types never share a row.
/// </para>
/// <para>
/// State written before this table existed is in <c>OrleansStorage</c>, through Orleans' ADO.NET provider. While
/// that table holds rows of this service, a grain with no row here is read from there (<paramref name="legacy"/>),
/// and its next write moves it here.
/// </para>
/// </remarks>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource, string serviceId, Serializer serializer, IGrainStorage? legacy)
    : IGrainStorage
{
    /// <summary>The most writes one statement carries.</summary>
    public const int MaxWriteBatch = 256;

    /// <summary>The most reads one statement carries.</summary>
    public const int MaxReadBatch = 256;

    private readonly GroupCommit<StateWrite, int> writes = new(
        batch => WriteBatchAsync(dataSource, serviceId, batch), MaxWriteBatch, maxConcurrent: 4, retryAlone: PostgresErrors.MayBelongToOneWrite, pool: dataSource);

    private readonly GroupCommit<StateKey, StoredState?> reads = new(
        batch => ReadBatchAsync(dataSource, serviceId, batch), MaxReadBatch, maxConcurrent: 2, pool: dataSource);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? writeBuffer;

    private Task<bool>? legacyRows;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var stored = await reads.WriteAsync(new StateKey(grainId.ToString(), stateName));
        if (stored is { } row)
        {
            grainState.ETag = row.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = row.Payload is not null;
            grainState.State = row.Payload is null ? Activator.CreateInstance<T>() : serializer.Deserialize<T>(row.Payload);
            return;
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        if (await HasLegacyRowsAsync())
        {
            // Not moved here yet: what the ADO.NET provider holds, with no ETag here, so the next write inserts.
            await legacy!.ReadStateAsync(stateName, grainId, grainState);
            grainState.ETag = null;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = Serialize(grainState.State);
        var version = await writes.WriteAsync(new StateWrite(new StateKey(grainId.ToString(), stateName), payload, Expected(grainState.ETag)));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (Expected(grainState.ETag) is { } expected)
        {
            await using var command = dataSource.CreateCommand(
                """
                UPDATE sla_grain_state SET payload = NULL, version = version + 1, modified_at = now()
                 WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 AND version = $4
                RETURNING version
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = expected });
            var version = await command.ExecuteScalarAsync() as int?
                ?? throw Inconsistent(grainId.ToString(), stateName, grainState.ETag);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        }

        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>
    /// The state's bytes in an array of their exact size, written through a buffer each thread keeps: the array is
    /// the only allocation, however often a state is written.
    /// </summary>
    private byte[] Serialize<T>(T state)
    {
        var buffer = writeBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        serializer.Serialize(state, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static int? Expected(string? etag) =>
        etag is null ? null : int.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);

    private static InconsistentStateException Inconsistent(string grainId, string stateName, string? etag) =>
        new($"the stored {stateName} state of {grainId} is not at version {etag ?? "(none)"}: another activation wrote it", "unknown", etag ?? "(none)");

    /// <summary>
    /// One statement for a batch of writes: updates where the version matches, inserts where none was expected and
    /// no row exists; returns the new version of each write that won. A grain written twice in one batch (two
    /// activations racing) goes in two statements, in order, so each write is checked against the one before.
    /// </summary>
    /// <remarks>
    /// The rows are found by their keys as arrays (<c>= ANY</c>), which PostgreSQL always turns into one primary-key
    /// probe per key: joined only to the unnested input, a table that had no statistics yet (a new database under
    /// its first load) was planned as a hash of every row of the service, rebuilt by every batch.
    /// </remarks>
    internal static async Task<IReadOnlyList<WriteOutcome<int>>> WriteBatchAsync(NpgsqlDataSource dataSource, string serviceId, IReadOnlyList<StateWrite> batch)
    {
        var outcomes = new WriteOutcome<int>[batch.Count];
        foreach (var round in Rounds(batch, w => w.Key))
        {
            var updates = round.Where(i => batch[i].Expected is not null).ToArray();
            var inserts = round.Where(i => batch[i].Expected is null).ToArray();
            await using var statements = dataSource.CreateBatch();
            if (updates.Length > 0)
            {
                statements.BatchCommands.Add(UpdateCommand(serviceId, updates.Select(i => batch[i]).ToArray()));
            }

            if (inserts.Length > 0)
            {
                statements.BatchCommands.Add(InsertCommand(serviceId, inserts.Select(i => batch[i]).ToArray()));
            }

            var won = new Dictionary<int, int>(round.Count);
            await using (var reader = await statements.ExecuteReaderAsync())
            {
                if (updates.Length > 0)
                {
                    while (await reader.ReadAsync())
                    {
                        won[updates[(int)reader.GetInt64(0) - 1]] = reader.GetInt32(1);
                    }

                    await reader.NextResultAsync();
                }

                if (inserts.Length > 0)
                {
                    // A key is once in a round, so the key says which write it was.
                    var byKey = inserts.ToDictionary(i => batch[i].Key);
                    while (await reader.ReadAsync())
                    {
                        won[byKey[new StateKey(reader.GetString(0), reader.GetString(1))]] = 1;
                    }
                }
            }

            foreach (var i in round)
            {
                var write = batch[i];
                outcomes[i] = won.TryGetValue(i, out var version)
                    ? WriteOutcome<int>.Done(version)
                    : WriteOutcome<int>.Failed(Inconsistent(write.Key.GrainId, write.Key.StateName, write.Expected?.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Updates the rows whose version matches; returns the position of each write that won and its new version. The
    /// payloads are taken from their array by position, not joined: a joined payload is carried through the join as
    /// part of a whole row and copied again and again.
    /// </summary>
    private static NpgsqlBatchCommand UpdateCommand(string serviceId, StateWrite[] writes)
    {
        var command = new NpgsqlBatchCommand(
            """
            UPDATE sla_grain_state s
               SET payload = ($4::bytea[])[u.n], version = s.version + 1, modified_at = now()
              FROM unnest($2::text[], $3::text[], $5::integer[]) WITH ORDINALITY AS u(grain_id, state_name, expected, n)
             WHERE s.grain_id = ANY($2::text[]) AND s.state_name = ANY($6::text[]) AND s.service_id = $1
               AND s.grain_id = u.grain_id AND s.state_name = u.state_name AND s.version = u.expected
            RETURNING u.n, s.version
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(writes, w => w.Key.GrainId) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(writes, w => w.Key.StateName) });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = Array.ConvertAll(writes, w => w.Payload) });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = Array.ConvertAll(writes, w => w.Expected!.Value) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = writes.Select(w => w.Key.StateName).Distinct(StringComparer.Ordinal).ToArray() });
        return command;
    }

    /// <summary>Inserts the rows no one has written yet; returns the key of each write that won.</summary>
    private static NpgsqlBatchCommand InsertCommand(string serviceId, StateWrite[] writes)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO sla_grain_state AS s (service_id, grain_id, state_name, payload, version)
            SELECT $1, u.grain_id, u.state_name, ($4::bytea[])[u.n], 1
              FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(grain_id, state_name, n)
            ON CONFLICT DO NOTHING
            RETURNING s.grain_id, s.state_name
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(writes, w => w.Key.GrainId) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(writes, w => w.Key.StateName) });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = Array.ConvertAll(writes, w => w.Payload) });
        return command;
    }

    /// <summary>One statement for a batch of reads, matched back to each read by its key.</summary>
    private static async Task<IReadOnlyList<WriteOutcome<StoredState?>>> ReadBatchAsync(NpgsqlDataSource dataSource, string serviceId, IReadOnlyList<StateKey> batch)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT grain_id, state_name, payload, version FROM sla_grain_state
             WHERE service_id = $1 AND grain_id = ANY($2::text[]) AND state_name = ANY($3::text[])
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(k => k.GrainId).Distinct(StringComparer.Ordinal).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(k => k.StateName).Distinct(StringComparer.Ordinal).ToArray() });
        var stored = new Dictionary<StateKey, StoredState>(batch.Count);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var payload = reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2);
                stored[new StateKey(reader.GetString(0), reader.GetString(1))] = new StoredState(payload, reader.GetInt32(3));
            }
        }

        return batch.Select(k => WriteOutcome<StoredState?>.Done(stored.GetValueOrDefault(k))).ToArray();
    }

    /// <summary>The batch's indexes cut so that no key is twice in one round; rounds keep the batch's order.</summary>
    private static List<List<int>> Rounds<T>(IReadOnlyList<T> batch, Func<T, StateKey> key)
    {
        var rounds = new List<List<int>>();
        var seen = new Dictionary<StateKey, int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var round = seen.TryGetValue(key(batch[i]), out var previous) ? previous + 1 : 0;
            seen[key(batch[i])] = round;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(i);
        }

        return rounds;
    }

    /// <summary>
    /// Whether <c>OrleansStorage</c> holds state of this service: asked once per silo (again only if asking
    /// failed), since only an upgrade from before schema 0009 leaves any there.
    /// </summary>
    private Task<bool> HasLegacyRowsAsync()
    {
        if (legacy is null)
        {
            return Task.FromResult(false);
        }

        var check = legacyRows;
        if (check is null || check.IsFaulted || check.IsCanceled)
        {
            check = AskAsync();
            legacyRows = check;
        }

        return check;

        async Task<bool> AskAsync()
        {
            await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM OrleansStorage WHERE ServiceId = $1 AND PayloadBinary IS NOT NULL)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
            return (bool)(await command.ExecuteScalarAsync())!;
        }
    }

    internal readonly record struct StateKey(string GrainId, string StateName);

    internal readonly record struct StateWrite(StateKey Key, byte[] Payload, int? Expected);

    private sealed record StoredState(byte[]? Payload, int Version);
}

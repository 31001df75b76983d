using Npgsql;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Database;

/// <summary>The ticket list in PostgreSQL (table <c>sla_ticket_index</c>, indexed by SLA state and team).</summary>
/// <remarks>
/// Upserts from many tickets at once go in one statement (<see cref="GroupCommit{TWrite, TResult}"/>); each caller
/// still returns only once its row is committed. A statement that fails is tried again one row at a time, so a row
/// the table refuses fails no other ticket's write.
/// </remarks>
public sealed class PostgresTicketIndex : ITicketIndex
{
    /// <summary>The most rows one upsert statement carries.</summary>
    public const int MaxBatch = 500;

    /// <summary>The channel a refused row is recorded under in the <see cref="IDeliveryFailureLog"/>.</summary>
    public const string RefusedRowEndpoint = "store:sla_ticket_index";

    /// <summary>The type a refused row is recorded with.</summary>
    public const string RefusedRowType = "ticket.index_refused";

    private readonly NpgsqlDataSource dataSource;
    private readonly RefusedRows refused;
    private readonly GroupCommit<TicketIndexEntry, bool> upserts;

    /// <param name="dataSource">The database.</param>
    /// <param name="refusals">Where a row the table refuses is recorded, so that the team's digest shows it.</param>
    /// <param name="logger">Where a refused row is logged.</param>
    /// <param name="time">The clock a refusal is recorded at.</param>
    public PostgresTicketIndex(NpgsqlDataSource dataSource, IDeliveryFailureLog? refusals = null, ILogger<PostgresTicketIndex>? logger = null, TimeProvider? time = null)
    {
        this.dataSource = dataSource;
        refused = new RefusedRows("sla_ticket_index", RefusedRowType, refusals, logger, time);
        upserts = new GroupCommit<TicketIndexEntry, bool>(UpsertBatchAsync, MaxBatch, maxConcurrent: 2, retryAlone: PostgresErrors.MayBelongToOneWrite, pool: dataSource);
    }

    /// <summary>
    /// Writes the row when what it shows changed; a repeat of the same content keeps the row, and so its
    /// <c>updated_at</c> (the digest reads how long a ticket has been paused from it). A row the table refuses for
    /// its data (<see cref="PostgresErrors.IsDataError"/>) is logged and recorded as a failure the team's digest
    /// lists, and the write completes: the same row would fail the same way however often the ticket tried again.
    /// </summary>
    public async Task UpsertAsync(TicketIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await upserts.WriteAsync(entry).WaitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsDataError(ex))
        {
            await refused.RecordAsync(entry.Key, entry.Key, entry.Team, ex, cancellationToken);
        }
    }

    /// <summary>
    /// One statement for the batch. A key twice in one batch is written once, with its latest entry (an upsert
    /// never goes back in time anyway); rows are written in key order, so two batches that share keys lock them in
    /// the same order and cannot deadlock.
    /// </summary>
    internal async Task<IReadOnlyList<WriteOutcome<bool>>> UpsertBatchAsync(IReadOnlyList<TicketIndexEntry> batch)
    {
        var rows = batch
            .GroupBy(e => e.Key, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => e.UpdatedAt)!)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sla_ticket_index (ticket_key, team, agent, status, sla_state, next_deadline, updated_at)
            SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::timestamptz[], $7::timestamptz[])
            ON CONFLICT (ticket_key) DO UPDATE SET team = excluded.team, agent = excluded.agent, status = excluded.status,
                sla_state = excluded.sla_state, next_deadline = excluded.next_deadline, updated_at = excluded.updated_at
            WHERE sla_ticket_index.updated_at <= excluded.updated_at
              AND (sla_ticket_index.team, sla_ticket_index.agent, sla_ticket_index.status, sla_ticket_index.sla_state, sla_ticket_index.next_deadline)
                  IS DISTINCT FROM (excluded.team, excluded.agent, excluded.status, excluded.sla_state, excluded.next_deadline)
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.Key) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.Team) });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.Agent) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.Status) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.SlaState) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = Array.ConvertAll(rows, e => e.NextDeadline) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = Array.ConvertAll(rows, e => e.UpdatedAt) });
        await command.ExecuteNonQueryAsync();
        return Array.ConvertAll(batch.ToArray(), _ => WriteOutcome<bool>.Done(true));
    }

    public async Task<IReadOnlyList<string>> ListOpenAsync(string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT ticket_key FROM sla_ticket_index
             WHERE sla_state <> 'solved' AND ($1::varchar IS NULL OR ticket_key > $1)
             ORDER BY ticket_key
             LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await KeysAsync(command, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListSolvedBeforeAsync(DateTimeOffset before, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT ticket_key FROM sla_ticket_index
             WHERE sla_state = 'solved' AND updated_at < $1 AND ($2::varchar IS NULL OR ticket_key > $2)
             ORDER BY ticket_key
             LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await KeysAsync(command, limit, cancellationToken);
    }

    public async Task RemoveSolvedAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM sla_ticket_index WHERE ticket_key = $1 AND sla_state = 'solved'");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListActiveSinceAsync(DateTimeOffset since, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT ticket_key FROM sla_ticket_index
             WHERE (sla_state <> 'solved' OR updated_at >= $1) AND ($2::varchar IS NULL OR ticket_key > $2)
             ORDER BY ticket_key
             LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await KeysAsync(command, limit, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> KeysAsync(NpgsqlCommand command, int limit, CancellationToken cancellationToken)
    {
        var keys = new List<string>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task<long> CountActiveSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM sla_ticket_index WHERE sla_state <> 'solved' OR updated_at >= $1");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since.ToUniversalTime() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<TicketIndexEntry>> ListAsync(string slaState, string? team, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT ticket_key, team, agent, status, sla_state, next_deadline, updated_at
              FROM sla_ticket_index
             WHERE sla_state = $1 AND ($2::varchar IS NULL OR team = $2) AND ($3::varchar IS NULL OR ticket_key > $3)
             ORDER BY ticket_key
             LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slaState });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)team ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var page = new List<TicketIndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new TicketIndexEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return page;
    }
}

using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Silo.Database;

/// <summary>The audit trail in PostgreSQL (table <c>sla_audit</c>, keyed by chain and sequence).</summary>
public sealed class PostgresAuditTrail(NpgsqlDataSource dataSource) : IAuditTrail
{
    private const string Columns =
        "chain_key, seq, at, actor_kind, actor, ticket_key, action, before_json, after_json, caused_by, previous_hash, hash";

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        AuditChain.EnsureAppendable(entries);
        var first = entries[0];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new Dictionary<long, AuditEntry>();
        await using (var read = new NpgsqlCommand(
            $"SELECT {Columns} FROM sla_audit WHERE chain_key = @chain AND seq BETWEEN @first AND @last", connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<string>("chain", first.ChainKey));
            read.Parameters.Add(new NpgsqlParameter<long>("first", first.Sequence - 1));
            read.Parameters.Add(new NpgsqlParameter<long>("last", entries[^1].Sequence));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = ReadEntry(reader);
                stored[entry.Sequence] = entry;
            }
        }

        var fresh = new List<AuditEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (stored.TryGetValue(entry.Sequence, out var existing))
            {
                if (existing != entry || fresh.Count > 0)
                {
                    throw new AuditConflictException($"audit chain {entry.ChainKey} already holds a different entry at sequence {entry.Sequence}");
                }
            }
            else if (fresh.Count == 0 && entry.Sequence > 1
                && !(stored.TryGetValue(entry.Sequence - 1, out var previous) && previous.Hash == entry.PreviousHash))
            {
                throw new AuditConflictException($"entry {entry.Sequence} does not follow the stored head of audit chain {entry.ChainKey}");
            }
            else
            {
                fresh.Add(entry);
            }
        }

        if (fresh.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in fresh)
        {
            var insert = new NpgsqlBatchCommand(
                $"INSERT INTO sla_audit ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.ChainKey });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.Sequence });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.At });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AuditWireNames.Of(entry.ActorKind) });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Actor });
            insert.Parameters.Add(Nullable(entry.TicketKey));
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AuditWireNames.Of(entry.Action) });
            insert.Parameters.Add(Nullable(entry.Before));
            insert.Parameters.Add(Nullable(entry.After));
            insert.Parameters.Add(Nullable(entry.CausedBy));
            insert.Parameters.Add(Nullable(entry.PreviousHash));
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Hash });
            batch.BatchCommands.Add(insert);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new AuditConflictException($"another writer appended to audit chain {first.ChainKey} at the same sequence", ex);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AuditChainHead?> ReadHeadAsync(string chainKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, hash FROM sla_audit WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = chainKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AuditChainHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadChainAsync(string chainKey, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM sla_audit WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = chainKey });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Only the filters given become conditions, so each query shape can use its index; the row comparison pages
        // by the same key the rows are ordered by.
        await using var command = dataSource.CreateCommand();
        var conditions = new List<string>();
        void Where(string condition, NpgsqlParameter parameter)
        {
            conditions.Add(condition);
            command.Parameters.Add(parameter);
        }

        if (query.TicketKey is not null)
        {
            Where("ticket_key = @ticket", new NpgsqlParameter<string>("ticket", query.TicketKey));
        }

        if (query.From is { } from)
        {
            Where("at >= @from", new NpgsqlParameter<DateTimeOffset>("from", from.ToUniversalTime()));
        }

        if (query.To is { } to)
        {
            Where("at < @to", new NpgsqlParameter<DateTimeOffset>("to", to.ToUniversalTime()));
        }

        if (query.Actor is not null)
        {
            Where("actor = @actor", new NpgsqlParameter<string>("actor", query.Actor));
        }

        if (query.Action is { } action)
        {
            Where("action = @action", new NpgsqlParameter<string>("action", AuditWireNames.Of(action)));
        }

        if (query.After is { } after)
        {
            Where("(at, chain_key, seq) > (@afterAt, @afterChain, @afterSeq)", new NpgsqlParameter<DateTimeOffset>("afterAt", after.At.ToUniversalTime()));
            command.Parameters.Add(new NpgsqlParameter<string>("afterChain", after.ChainKey));
            command.Parameters.Add(new NpgsqlParameter<long>("afterSeq", after.Sequence));
        }

        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        var sql = new StringBuilder($"SELECT {Columns} FROM sla_audit");
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        command.CommandText = sql.Append(" ORDER BY at, chain_key, seq LIMIT @limit").ToString();
        var rows = await ReadAllAsync(command, cancellationToken);
        var page = rows.Take(query.Limit).ToArray();
        return new AuditPage(page, rows.Count > query.Limit ? AuditCursor.Of(page[^1]) : null);
    }

    public async Task<AuditVerification> VerifyAsync(string? chainKey = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM sla_audit WHERE $1::varchar IS NULL OR chain_key = $1 ORDER BY chain_key, seq");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)chainKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        var verifier = new AuditChainVerifier();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (TryReadEntry(reader, out var entry, out var unreadable))
            {
                verifier.Add(entry);
            }
            else
            {
                verifier.AddUnreadable(reader.GetString(0), reader.GetInt64(1), reader.GetString(11), unreadable);
            }
        }

        return verifier.Complete();
    }

    private static async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    private static AuditEntry ReadEntry(NpgsqlDataReader reader) =>
        TryReadEntry(reader, out var entry, out var unreadable)
            ? entry
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"audit entry {reader.GetString(0)}#{reader.GetInt64(1)} cannot be read ({unreadable}); run 'SlaEscalation.Silo audit verify'"));

    private static bool TryReadEntry(NpgsqlDataReader reader, out AuditEntry entry, out string unreadable)
    {
        entry = null!;
        var actorKind = reader.GetString(3);
        var action = reader.GetString(6);
        if (!AuditWireNames.TryParseActorKind(actorKind, out var kind))
        {
            unreadable = $"unknown actor kind '{actorKind}'";
            return false;
        }

        if (!AuditWireNames.TryParseAction(action, out var parsed))
        {
            unreadable = $"unknown action '{action}'";
            return false;
        }

        unreadable = string.Empty;
        entry = new AuditEntry(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            kind.Value,
            reader.GetString(4),
            NullableString(reader, 5),
            parsed.Value,
            NullableString(reader, 7),
            NullableString(reader, 8),
            NullableString(reader, 9),
            NullableString(reader, 10),
            reader.GetString(11));
        return true;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlParameter Nullable(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}

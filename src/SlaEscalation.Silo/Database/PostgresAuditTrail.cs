using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Silo.Database;

/// <summary>The audit trail in PostgreSQL (table <c>sla_audit</c>, keyed by chain and sequence).</summary>
/// <remarks>
/// Appends from many chains at once share one transaction (<see cref="GroupCommit{TWrite, TResult}"/>): one read of
/// what the chains already hold, one insert, one commit. Each append is still checked on its own and its caller
/// returns only once it is committed; an append that conflicts fails alone. With an anchor key, the transaction also
/// appends the anchors of the chains' new heads (<see cref="AuditAnchors"/>, table <c>sla_audit_anchor</c>), under a
/// transaction-scoped advisory lock taken after the entries are inserted, so the anchor chain has one writer at a time
/// across silos and the lock is held only for the anchor insert and the commit.
/// </remarks>
public sealed class PostgresAuditTrail : IAuditTrail
{
    /// <summary>The most appends (chains) one transaction carries.</summary>
    public const int MaxBatch = 200;

    private const string Columns =
        "chain_key, seq, at, actor_kind, actor, ticket_key, action, before_json, after_json, caused_by, previous_hash, hash, on_behalf_of";

    // Serialises anchor appends across silos (pg_advisory_xact_lock): each anchor names the digest before it.
    private const long AnchorLockKey = 0x51A_A0D1_7A7C;

    private const string AnchorColumns = "seq, chain_key, chain_seq, chain_hash, previous_digest, digest";

    private readonly NpgsqlDataSource dataSource;
    private readonly AuditAnchorKey? anchorKey;
    private readonly GroupCommit<AuditEntry[], bool> appends;

    /// <param name="dataSource">The database.</param>
    /// <param name="anchorKey">The key that signs anchors; null: no anchors are written, and none are checked.</param>
    public PostgresAuditTrail(NpgsqlDataSource dataSource, AuditAnchorKey? anchorKey = null)
    {
        this.dataSource = dataSource;
        this.anchorKey = anchorKey;
        appends = new GroupCommit<AuditEntry[], bool>(AppendBatchAsync, MaxBatch, maxConcurrent: 2, pool: dataSource);
    }

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        AuditChain.EnsureAppendable(entries);

        // A caller may stop waiting; the append itself, once queued, is committed or refused with its batch.
        await appends.WriteAsync([.. entries]).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Appends a batch: the first append of each chain together in one transaction, then any further append of a
    /// chain already in the batch on its own, in order (it may follow from the one before).
    /// </summary>
    internal async Task<IReadOnlyList<WriteOutcome<bool>>> AppendBatchAsync(IReadOnlyList<AuditEntry[]> batch)
    {
        var outcomes = new WriteOutcome<bool>[batch.Count];
        var chains = new HashSet<string>(StringComparer.Ordinal);
        var together = new List<int>(batch.Count);
        var after = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            (chains.Add(batch[i][0].ChainKey) ? together : after).Add(i);
        }

        if (together.Count == 1)
        {
            after.Insert(0, together[0]);
        }
        else
        {
            await AppendTogetherAsync(batch, together, outcomes);
        }

        foreach (var i in after)
        {
            outcomes[i] = await AppendAloneAsync(batch[i]);
        }

        return outcomes;
    }

    /// <summary>Appends of different chains in one transaction; each is checked against what its chain holds.</summary>
    private async Task AppendTogetherAsync(IReadOnlyList<AuditEntry[]> batch, List<int> indexes, WriteOutcome<bool>[] outcomes)
    {
        var fresh = new List<AuditEntry>();
        var accepted = new List<int>(indexes.Count);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var stored = await ReadStoredAsync(connection, transaction, indexes.Select(i => batch[i]));
            foreach (var i in indexes)
            {
                try
                {
                    fresh.AddRange(FreshEntries(batch[i], stored));
                    accepted.Add(i);
                }
                catch (AuditConflictException ex)
                {
                    outcomes[i] = WriteOutcome<bool>.Failed(ex);
                }
            }

            if (fresh.Count > 0)
            {
                try
                {
                    await InsertAsync(connection, transaction, fresh);
                    await AnchorAsync(connection, transaction, fresh);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // Another writer got to one of the chains in between: each append on its own says which.
                    await transaction.RollbackAsync();
                    foreach (var i in accepted)
                    {
                        outcomes[i] = await AppendAloneAsync(batch[i]);
                    }

                    return;
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            foreach (var i in indexes.Where(i => outcomes[i].Error is null))
            {
                outcomes[i] = WriteOutcome<bool>.Failed(ex);
            }

            return;
        }

        foreach (var i in accepted)
        {
            outcomes[i] = WriteOutcome<bool>.Done(true);
        }
    }

    /// <summary>One chain's append in a transaction of its own.</summary>
    private async Task<WriteOutcome<bool>> AppendAloneAsync(AuditEntry[] entries)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var stored = await ReadStoredAsync(connection, transaction, [entries]);
            var fresh = FreshEntries(entries, stored);
            if (fresh.Count > 0)
            {
                try
                {
                    await InsertAsync(connection, transaction, fresh);
                    await AnchorAsync(connection, transaction, fresh);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    throw new AuditConflictException($"another writer appended to audit chain {entries[0].ChainKey} at the same sequence", ex);
                }

                await transaction.CommitAsync();
            }

            return WriteOutcome<bool>.Done(true);
        }
        catch (Exception ex) when (ex is AuditConflictException or NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return WriteOutcome<bool>.Failed(ex);
        }
    }

    /// <summary>
    /// What the chains hold from just before each append's first sequence to its last: one primary-key range read
    /// per chain. <c>OFFSET 0</c> keeps the lateral read a read per chain: flattened into a join, a table without
    /// statistics yet was planned as a hash of all its rows, rebuilt by every batch.
    /// </summary>
    private static async Task<Dictionary<(string Chain, long Sequence), AuditEntry>> ReadStoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<AuditEntry[]> appendsToCheck)
    {
        var ranges = appendsToCheck.ToArray();
        await using var read = new NpgsqlCommand(
            $"""
            SELECT a.*
              FROM unnest($1::varchar[], $2::bigint[], $3::bigint[]) AS r(chain_key, first_seq, last_seq)
             CROSS JOIN LATERAL (
                   SELECT {Columns} FROM sla_audit
                    WHERE sla_audit.chain_key = r.chain_key AND sla_audit.seq BETWEEN r.first_seq AND r.last_seq
                   OFFSET 0) AS a
            """,
            connection,
            transaction);
        read.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(ranges, r => r[0].ChainKey) });
        read.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(ranges, r => r[0].Sequence - 1) });
        read.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(ranges, r => r[^1].Sequence) });
        var stored = new Dictionary<(string, long), AuditEntry>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var entry = ReadEntry(reader);
            stored[(entry.ChainKey, entry.Sequence)] = entry;
        }

        return stored;
    }

    /// <summary>The entries of one append its chain does not hold yet (<see cref="AuditChain.Fresh"/>).</summary>
    private static IReadOnlyList<AuditEntry> FreshEntries(AuditEntry[] entries, Dictionary<(string Chain, long Sequence), AuditEntry> stored) =>
        AuditChain.Fresh(entries, sequence => stored.GetValueOrDefault((entries[0].ChainKey, sequence)));

    /// <summary>Inserts the entries in one statement.</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries)
    {
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO sla_audit ({Columns})
            SELECT * FROM unnest($1::varchar[], $2::bigint[], $3::timestamptz[], $4::varchar[], $5::varchar[], $6::varchar[],
                                 $7::varchar[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::varchar[])
            """,
            connection,
            transaction);
        var rows = entries.ToArray();
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.ChainKey) });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(rows, e => e.Sequence) });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = Array.ConvertAll(rows, e => e.At) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => AuditWireNames.Of(e.ActorKind)) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.Actor) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.TicketKey) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => AuditWireNames.Of(e.Action)) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.Before) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.After) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.CausedBy) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.PreviousHash) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, e => e.Hash) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(rows, e => e.OnBehalfOf) });
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>Appends the anchors of the chains' new heads after the latest anchor (nothing without a key).</summary>
    private async Task AnchorAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> fresh)
    {
        if (anchorKey is null)
        {
            return;
        }

        await using (var lockAnchors = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AnchorLockKey})", connection, transaction))
        {
            await lockAnchors.ExecuteNonQueryAsync();
        }

        AuditAnchor? last = null;
        await using (var read = new NpgsqlCommand($"SELECT {AnchorColumns} FROM sla_audit_anchor ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                last = ReadAnchor(reader);
            }
        }

        var anchors = AuditAnchors.Extend(anchorKey, last, fresh).ToArray();
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO sla_audit_anchor ({AnchorColumns})
            SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::bigint[], $4::text[], $5::text[], $6::text[])
            """,
            connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(anchors, a => a.Sequence) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(anchors, a => a.ChainKey) });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(anchors, a => a.ChainSequence) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(anchors, a => a.ChainHash) });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = Array.ConvertAll(anchors, a => a.PreviousDigest) });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(anchors, a => a.Digest) });
        await insert.ExecuteNonQueryAsync();
    }

    private static AuditAnchor ReadAnchor(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), NullableString(reader, 4), reader.GetString(5));

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
        var verifier = new AuditChainVerifier(await VerifyAnchorsAsync(cancellationToken));
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

        return verifier.Complete(chainKey);
    }

    /// <summary>Reads the whole anchor chain through a verifier; null without a key.</summary>
    private async Task<AuditAnchorVerifier?> VerifyAnchorsAsync(CancellationToken cancellationToken)
    {
        if (anchorKey is null)
        {
            return null;
        }

        var anchors = new AuditAnchorVerifier(anchorKey);
        await using var command = dataSource.CreateCommand($"SELECT {AnchorColumns} FROM sla_audit_anchor ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            anchors.Add(ReadAnchor(reader));
        }

        return anchors;
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
            reader.GetString(11),
            NullableString(reader, 12));
        return true;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

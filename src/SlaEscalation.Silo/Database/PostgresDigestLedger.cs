using Npgsql;
using NpgsqlTypes;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Database;

/// <summary>
/// The digest ledger in PostgreSQL (migration <c>0008_sla_digest</c>): facts keyed by id (stored once however often
/// recorded), ticket notes, and the measurements and recount lists read from <c>sla_ticket_index</c> and
/// <c>sla_audit</c>, computed by the database so a million open tickets never cross the wire.
/// </summary>
/// <remarks>
/// Facts and ticket notes arrive one transition at a time from every ticket of the cluster, so they are written by
/// group commit (<see cref="GroupCommit{TWrite, TResult}"/>): what many callers hand over at the same moment goes in
/// one statement and one commit, and each caller returns only once its part is committed.
/// </remarks>
public sealed class PostgresDigestLedger : IDigestLedger
{
    /// <summary>The most callers' writes one statement carries.</summary>
    public const int MaxBatch = 500;

    private static readonly string[] OpenStates = [.. InMemoryDigestLedger.OpenStates];

    /// <summary>The type a fact the table refuses is recorded with.</summary>
    public const string RefusedFactType = "digest.fact_refused";

    private readonly NpgsqlDataSource dataSource;
    private readonly RefusedRows refusedFacts;
    private readonly GroupCommit<DigestFact[], IReadOnlyList<DigestFact>> factWrites;
    private readonly GroupCommit<DigestTicketNote[], bool> noteWrites;

    /// <param name="dataSource">The database.</param>
    /// <param name="refusals">Where a fact the table refuses is recorded, so that the team's digest shows it.</param>
    /// <param name="logger">Where a refused fact is logged.</param>
    /// <param name="time">The clock a refusal is recorded at.</param>
    public PostgresDigestLedger(NpgsqlDataSource dataSource, IDeliveryFailureLog? refusals = null, ILogger<PostgresDigestLedger>? logger = null, TimeProvider? time = null)
    {
        this.dataSource = dataSource;
        refusedFacts = new RefusedRows("sla_digest_fact", RefusedFactType, refusals, logger, time);
        factWrites = new(AddFactBatchAsync, MaxBatch, maxConcurrent: 2, retryAlone: PostgresErrors.MayBelongToOneWrite, pool: dataSource);
        noteWrites = new(NoteTicketBatchAsync, MaxBatch, maxConcurrent: 2, retryAlone: PostgresErrors.MayBelongToOneWrite, pool: dataSource);
    }

    /// <remarks>
    /// A statement that fails is tried again one caller's facts at a time, and a caller's facts that fail for their
    /// data (<see cref="PostgresErrors.IsDataError"/>) one fact at a time: a fact the table refuses is logged once and
    /// recorded as a failure the team's digest lists, is not among those returned, and fails no other fact.
    /// </remarks>
    public async Task<IReadOnlyList<DigestFact>> AddFactsAsync(IReadOnlyList<DigestFact> facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Count == 0)
        {
            return [];
        }

        try
        {
            return await factWrites.WriteAsync([.. facts]).WaitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsDataError(ex) && facts.Count > 1)
        {
            var added = new List<DigestFact>();
            foreach (var fact in facts)
            {
                added.AddRange(await AddFactsAsync([fact], cancellationToken));
            }

            return added;
        }
        catch (PostgresException ex) when (PostgresErrors.IsDataError(ex))
        {
            var fact = facts[0];
            await refusedFacts.RecordAsync(fact.FactId, fact.TicketKey, fact.Team, ex, cancellationToken);
            return [];
        }
    }

    /// <summary>
    /// One statement for every caller's facts. A fact stored by this statement counts as new for the first caller
    /// that handed it over, and for no other: the same answer as had the callers written one after another.
    /// </summary>
    internal async Task<IReadOnlyList<WriteOutcome<IReadOnlyList<DigestFact>>>> AddFactBatchAsync(IReadOnlyList<DigestFact[]> batch)
    {
        // Each id once, in id order: two statements that share ids wait for each other in the same order.
        var facts = batch.SelectMany(f => f).DistinctBy(f => f.FactId, StringComparer.Ordinal).OrderBy(f => f.FactId, StringComparer.Ordinal).ToArray();
        var stored = await InsertFactsAsync(facts);
        return batch
            .Select(write => WriteOutcome<IReadOnlyList<DigestFact>>.Done(write.Where(f => stored.Remove(f.FactId)).ToArray()))
            .ToArray();
    }

    /// <summary>Inserts the facts whose ids are not stored yet; returns the ids it stored.</summary>
    private async Task<HashSet<string>> InsertFactsAsync(DigestFact[] facts)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sla_digest_fact (fact_id, team, local_date, kind, ticket_key, at, metric, priority, on_time)
            SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::boolean[])
            ON CONFLICT (fact_id) DO NOTHING
            RETURNING fact_id
            """);
        command.Parameters.Add(Array(facts.Select(f => f.FactId)));
        command.Parameters.Add(Array(facts.Select(f => f.Team)));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. facts.Select(f => DateOnly.ParseExact(f.Date, DigestKey.DateFormat, System.Globalization.CultureInfo.InvariantCulture))] });
        command.Parameters.Add(Array(facts.Select(f => f.Kind)));
        command.Parameters.Add(Array(facts.Select(f => f.TicketKey)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. facts.Select(f => f.At.ToUniversalTime())] });
        command.Parameters.Add(Array(facts.Select(f => f.Metric)));
        command.Parameters.Add(Array(facts.Select(f => f.Priority)));
        command.Parameters.Add(new NpgsqlParameter<bool?[]> { TypedValue = [.. facts.Select(f => f.OnTime)] });
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    public async Task<IReadOnlyList<DigestFact>> ReadFactsAsync(string team, string date, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT fact_id, kind, ticket_key, at, metric, priority, on_time
              FROM sla_digest_fact WHERE team = $1 AND local_date = $2
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = team });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = DateOnly.ParseExact(date, DigestKey.DateFormat, System.Globalization.CultureInfo.InvariantCulture) });
        var facts = new List<DigestFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new DigestFact(
                reader.GetString(0),
                reader.GetString(1),
                team,
                date,
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetBoolean(6)));
        }

        return facts;
    }

    public async Task NoteTicketsAsync(IReadOnlyList<DigestTicketNote> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count > 0)
        {
            await noteWrites.WriteAsync([.. notes]).WaitAsync(cancellationToken);
        }
    }

    /// <summary>One statement for every caller's notes.</summary>
    internal async Task<IReadOnlyList<WriteOutcome<bool>>> NoteTicketBatchAsync(IReadOnlyList<DigestTicketNote[]> batch)
    {
        // One row per ticket per statement (an upsert may not touch a row twice): the note with the latest owner
        // change. Rows go in key order, so two statements that share tickets lock them in the same order.
        var latest = batch
            .SelectMany(n => n)
            .GroupBy(n => n.TicketKey, StringComparer.Ordinal)
            .Select(g => g.MaxBy(n => n.OwnerSequence)!)
            .OrderBy(n => n.TicketKey, StringComparer.Ordinal)
            .ToArray();

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sla_digest_ticket (ticket_key, created_at, owner_seq, unassigned_since)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::integer[], $4::timestamptz[])
            ON CONFLICT (ticket_key) DO UPDATE SET owner_seq = excluded.owner_seq, unassigned_since = excluded.unassigned_since
            WHERE excluded.owner_seq > sla_digest_ticket.owner_seq
            """);
        command.Parameters.Add(Array(latest.Select(n => n.TicketKey)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. latest.Select(n => n.CreatedAt.ToUniversalTime())] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. latest.Select(n => n.OwnerSequence)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = [.. latest.Select(n => n.UnassignedSince?.ToUniversalTime())] });
        await command.ExecuteNonQueryAsync();
        return [.. batch.Select(_ => WriteOutcome<bool>.Done(true))];
    }

    public async Task<DigestMeasurement> MeasureAsync(DigestMeasureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asOf = request.AsOf.ToUniversalTime();
        var unassignedBefore = asOf - request.UnassignedLimit;
        var pausedBefore = asOf - request.PausedFor;

        // Every statement gets the same typed parameters, used or not: $1 team, $2 open states, $3-$5 the bucket
        // bounds (computed here: a day is 24 hours, not a calendar day of the session's zone), $6 the unassigned
        // bound, $7 the paused bound, $8 the list limit.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE d.created_at > $3),
                   count(*) FILTER (WHERE d.created_at <= $3 AND d.created_at > $4),
                   count(*) FILTER (WHERE d.created_at <= $4 AND d.created_at > $5),
                   count(*) FILTER (WHERE d.created_at <= $5),
                   count(*) FILTER (WHERE d.created_at IS NULL),
                   count(*) FILTER (WHERE i.sla_state = 'at_risk'),
                   count(*) FILTER (WHERE i.agent IS NULL AND coalesce(d.unassigned_since, d.created_at) <= $6),
                   count(*) FILTER (WHERE i.sla_state = 'paused' AND i.updated_at <= $7),
                   count(*) FILTER (WHERE i.sla_state = 'breached')
              FROM sla_ticket_index i LEFT JOIN sla_digest_ticket d ON d.ticket_key = i.ticket_key
             WHERE i.team = $1 AND i.sla_state = ANY($2)
            """));
        batch.BatchCommands.Add(Command(
            """
            SELECT i.ticket_key, coalesce(d.unassigned_since, d.created_at) AS since
              FROM sla_ticket_index i JOIN sla_digest_ticket d ON d.ticket_key = i.ticket_key
             WHERE i.team = $1 AND i.sla_state = ANY($2) AND i.agent IS NULL AND coalesce(d.unassigned_since, d.created_at) <= $6
             ORDER BY since, i.ticket_key COLLATE "C"
             LIMIT $8
            """));
        batch.BatchCommands.Add(Command(
            """
            SELECT ticket_key, updated_at
              FROM sla_ticket_index
             WHERE team = $1 AND sla_state = 'paused' AND updated_at <= $7
             ORDER BY updated_at, ticket_key COLLATE "C"
             LIMIT $8
            """));
        batch.BatchCommands.Add(Command(
            """
            SELECT i.ticket_key, d.created_at
              FROM sla_ticket_index i LEFT JOIN sla_digest_ticket d ON d.ticket_key = i.ticket_key
             WHERE i.team = $1 AND i.sla_state = 'breached'
             ORDER BY d.created_at NULLS LAST, i.ticket_key COLLATE "C"
             LIMIT $8
            """));

        NpgsqlBatchCommand Command(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Team });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = OpenStates });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = asOf - TimeSpan.FromDays(1) });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = asOf - TimeSpan.FromDays(3) });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = asOf - TimeSpan.FromDays(7) });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = unassignedBefore });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = pausedBefore });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = request.ListLimit });
            return command;
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        int Count(int column) => (int)reader.GetInt64(column);
        var backlog = new DigestBacklog(request.AsOf, Count(0), Count(1), Count(2), Count(3), Count(4), Count(5), Count(6));
        var (unassigned, paused, breached) = (Count(7), Count(8), Count(9));
        var lists = new List<DigestTicketItem[]>();
        while (await reader.NextResultAsync(cancellationToken))
        {
            var items = new List<DigestTicketItem>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new DigestTicketItem(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1)));
            }

            lists.Add([.. items]);
        }

        return new DigestMeasurement(
            backlog,
            [
                new DigestException(DigestExceptionKinds.UnassignedPastLimit, unassigned, lists[0]),
                new DigestException(DigestExceptionKinds.PausedForDays, paused, lists[1]),
                new DigestException(DigestExceptionKinds.BreachedStillOpen, breached, lists[2]),
            ]);
    }

    public async Task<IReadOnlyList<string>> ListTouchedTicketsAsync(string team, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // A ticket that was the team's when it emitted something since then either is the team's now (its index row
        // says so) or moved away since: then its owner change is on the trail with the team as before. An escalation
        // or task step counts for the team its notice names (kept in the entry), which may have moved away earlier.
        await using var command = dataSource.CreateCommand(
            """
            SELECT ticket_key FROM sla_ticket_index WHERE team = $1 AND updated_at >= $2
            UNION
            SELECT a.ticket_key FROM sla_audit a
             WHERE a.at >= $2 AND a.ticket_key IS NOT NULL AND a.chain_key = a.ticket_key
               AND (EXISTS (SELECT 1 FROM sla_ticket_index i WHERE i.ticket_key = a.ticket_key COLLATE "C" AND i.team = $1)
                    OR (a.action = 'owner_changed'
                        AND ((a.before_json::jsonb ->> 'team') = $1 OR (a.after_json::jsonb ->> 'team') = $1))
                    OR (a.action IN ('escalation_raised', 'escalation_acknowledged', 'escalation_unacknowledged', 'task_created', 'task_status_changed')
                        AND (a.after_json::jsonb -> 'notice' ->> 'team') = $1))
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = team });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since.ToUniversalTime() });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static NpgsqlParameter Array(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}

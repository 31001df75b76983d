using System.Globalization;
using Npgsql;

namespace SlaEscalation.Silo.Database;

/// <summary>
/// The reminder table on PostgreSQL (<c>OrleansRemindersTable</c>, schema 0004, the same rows Orleans' ADO.NET
/// provider reads and writes), with upserts written by group commit: every new ticket registers its clock, and the
/// registrations of many tickets now share one statement and one commit instead of taking one each.
/// </summary>
/// <remarks>
/// The contract is the ADO.NET provider's: an upsert is blind and returns the row's new version as its ETag (0 when
/// inserted); a removal succeeds only at the ETag given; a silo reads the rows whose grain hash falls in its range of
/// the ring, the hash being <see cref="GrainId.GetUniformHashCode"/> stored as a signed integer. Given a horizon, a range
/// read leaves out the reminders whose first tick is further away than that (<see cref="ReadRows(uint, uint)"/>).
/// </remarks>
public sealed class PostgresReminderTable : IReminderTable
{
    /// <summary>The most upserts one statement carries.</summary>
    public const int MaxBatch = 256;

    private const string Columns = "GrainId, ReminderName, StartTime, Period, Version";

    private readonly NpgsqlDataSource dataSource;
    private readonly string serviceId;
    private readonly TimeProvider time;
    private readonly TimeSpan? horizon;
    private readonly GroupCommit<ReminderEntry, int> upserts;

    /// <param name="dataSource">The database.</param>
    /// <param name="serviceId">The service whose rows this table reads and writes.</param>
    /// <param name="time">The clock the horizon is counted from: the reminder service's.</param>
    /// <param name="horizon">
    /// How far ahead a range read looks (<see cref="HorizonFor"/>); null reads every row of the range.
    /// </param>
    public PostgresReminderTable(NpgsqlDataSource dataSource, string serviceId, TimeProvider? time = null, TimeSpan? horizon = null)
    {
        this.dataSource = dataSource;
        this.serviceId = serviceId;
        this.time = time ?? TimeProvider.System;
        this.horizon = horizon;
        upserts = new GroupCommit<ReminderEntry, int>(UpsertBatchAsync, MaxBatch, maxConcurrent: 2, retryAlone: PostgresErrors.MayBelongToOneWrite, pool: dataSource);
    }

    public Task Init() => Task.CompletedTask;

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
        return new ReminderTableData(await ReadAllAsync(command));
    }

    /// <summary>
    /// How long a read of a ring range keeps trying while the database is unreachable. The reminder service reads a
    /// range when the ring changes (a silo died or joined) and, if that read fails, not again until its next periodic
    /// refresh, minutes later: the dead silo's clocks would wait that long. Waiting here instead loads them as soon as
    /// the database is back.
    /// </summary>
    public static readonly TimeSpan RangeReadPatience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RangeReadRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The horizon that leaves a range read everything the reminder service would load from it: the service keeps
    /// timers only for the reminders whose next tick falls within its loading window, and reads its range again every
    /// refresh period. A reminder that starts later than both from now is left in storage by the service anyway; one
    /// that started already ticks within its period and is always read.
    /// </summary>
    public static TimeSpan HorizonFor(ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ReminderLoadingWindow + options.RefreshReminderListPeriod;
    }

    /// <summary>
    /// The reminders whose grain hash falls in the arc (<paramref name="begin"/>, <paramref name="end"/>] and, with a
    /// horizon, whose start is at most that far from now. The reminder service reads its whole range every refresh
    /// period to reconcile its timers: with every open ticket holding a reminder, that was every ticket's
    /// row, read, allocated and mostly dropped as not due yet (docs/performance.md, "Thirty minutes").
    /// </summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await ReadRangeAsync(begin, end);
            }
            catch (NpgsqlException ex) when (ex.IsTransient && waited.Elapsed + RangeReadRetryDelay < RangeReadPatience)
            {
                await Task.Delay(RangeReadRetryDelay);
            }
        }
    }

    private async Task<ReminderTableData> ReadRangeAsync(uint begin, uint end)
    {
        // The hashes are stored as signed integers, which turns the ring a half round: a range that does not wrap
        // there is one interval, one that does is two.
        var (from, to) = ((int)begin, (int)end);
        var arc = from < to ? "GrainHash > $2 AND GrainHash <= $3" : "(GrainHash > $2 OR GrainHash <= $3)";
        var soon = horizon is null ? "" : " AND StartTime <= $4";
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND {arc}{soon}");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = to });
        if (horizon is { } ahead)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (time.GetUtcNow() + ahead).UtcDateTime });
        }

        return new ReminderTableData(await ReadAllAsync(command));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reminderName });

        // Absent is null, as the ADO.NET provider answers.
        return (await ReadAllAsync(command)).SingleOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (await upserts.WriteAsync(entry)).ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!int.TryParse(eTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        await using var command = dataSource.CreateCommand(
            "DELETE FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3 AND Version = $4");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reminderName });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    public async Task TestOnlyClearTable()
    {
        await using var command = dataSource.CreateCommand("DELETE FROM OrleansRemindersTable WHERE ServiceId = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// One statement for a batch of upserts; a reminder twice in one batch goes in two statements, in order, so the
    /// later registration is the one that stays and each gets its own version.
    /// </summary>
    internal async Task<IReadOnlyList<WriteOutcome<int>>> UpsertBatchAsync(IReadOnlyList<ReminderEntry> batch)
    {
        var outcomes = new WriteOutcome<int>[batch.Count];
        foreach (var round in Rounds(batch))
        {
            await using var command = dataSource.CreateCommand(
                """
                INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
                SELECT $1, u.grain_id, u.name, u.start_time, u.period, u.grain_hash, 0
                  FROM unnest($2::varchar[], $3::varchar[], $4::timestamptz[], $5::bigint[], $6::integer[])
                    AS u(grain_id, name, start_time, period, grain_hash)
                ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
                   SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash, Version = r.Version + 1
                RETURNING r.GrainId, r.ReminderName, r.Version
                """);
            var rows = round.Select(i => batch[i]).ToArray();
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, r => r.GrainId.ToString()) });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(rows, r => r.ReminderName) });
            command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = Array.ConvertAll(rows, r => Utc(r.StartAt)) });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(rows, r => (long)r.Period.TotalMilliseconds) });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = Array.ConvertAll(rows, r => (int)r.GrainId.GetUniformHashCode()) });
            var versions = new Dictionary<(string, string), int>(rows.Length);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    versions[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
                }
            }

            foreach (var i in round)
            {
                outcomes[i] = versions.TryGetValue((batch[i].GrainId.ToString(), batch[i].ReminderName), out var version)
                    ? WriteOutcome<int>.Done(version)
                    : WriteOutcome<int>.Failed(new InvalidOperationException($"the upsert of reminder {batch[i].ReminderName} of {batch[i].GrainId} returned no row"));
            }
        }

        return outcomes;
    }

    private static List<List<int>> Rounds(IReadOnlyList<ReminderEntry> batch)
    {
        var rounds = new List<List<int>>();
        var seen = new Dictionary<(GrainId, string), int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var key = (batch[i].GrainId, batch[i].ReminderName);
            var round = seen.TryGetValue(key, out var previous) ? previous + 1 : 0;
            seen[key] = round;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(i);
        }

        return rounds;
    }

    private static async Task<List<ReminderEntry>> ReadAllAsync(NpgsqlCommand command)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = reader.GetFieldValue<DateTime>(2),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt32(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return entries;
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}

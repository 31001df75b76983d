using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Database;

/// <summary>The escalation and task lists in PostgreSQL (tables <c>sla_escalations</c> and <c>sla_tasks</c>).</summary>
/// <remarks>
/// Each row is its own statement, so a row a table refuses for its data fails no other escalation's write; it is
/// logged once and recorded as a failure the team's digest lists (<see cref="RefusedRows"/>), and the write
/// completes, so the escalation never retries it.
/// </remarks>
/// <param name="dataSource">The database.</param>
/// <param name="refusals">Where a row a table refuses is recorded.</param>
/// <param name="logger">Where a refused row is logged.</param>
/// <param name="time">The clock a refusal is recorded at.</param>
public sealed class PostgresEscalationIndex(NpgsqlDataSource dataSource, IDeliveryFailureLog? refusals = null, ILogger<PostgresEscalationIndex>? logger = null, TimeProvider? time = null)
    : IEscalationIndex
{
    /// <summary>The type a refused escalation row is recorded with.</summary>
    public const string RefusedEscalationType = "escalation.index_refused";

    /// <summary>The type a refused task row is recorded with.</summary>
    public const string RefusedTaskType = "task.index_refused";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RefusedRows refusedEscalations = new("sla_escalations", RefusedEscalationType, refusals, logger, time);
    private readonly RefusedRows refusedTasks = new("sla_tasks", RefusedTaskType, refusals, logger, time);

    public async Task UpsertAsync(EscalationView escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        try
        {
            await WriteAsync(escalation, cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsDataError(ex))
        {
            await refusedEscalations.RecordAsync(escalation.Id, escalation.TicketKey, escalation.Team, ex, cancellationToken);
        }
    }

    public async Task UpsertTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await WriteTaskAsync(task, cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsDataError(ex))
        {
            await refusedTasks.RecordAsync(task.Id, task.TicketKey, null, ex, cancellationToken);
        }
    }

    private async Task WriteAsync(EscalationView escalation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sla_escalations (escalation_id, ticket_key, state, owner, updated_at, view)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (escalation_id) DO UPDATE SET state = excluded.state, owner = excluded.owner,
                updated_at = excluded.updated_at, view = excluded.view
            WHERE sla_escalations.updated_at <= excluded.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = escalation.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = escalation.TicketKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = escalation.State });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = escalation.Owner });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = escalation.UpdatedAt });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(escalation, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sla_tasks (task_id, ticket_key, status, created_at, updated_at, view)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (task_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, view = excluded.view
            WHERE sla_tasks.updated_at <= excluded.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task.TicketKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task.Status });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = task.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = task.UpdatedAt });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(task, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<EscalationView>> ListAsync(EscalationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = dataSource.CreateCommand(
            """
            SELECT view FROM sla_escalations
             WHERE ($1::varchar IS NULL OR state = $1) AND ($2::varchar IS NULL OR owner = $2)
               AND ($3::varchar IS NULL OR ticket_key = $3) AND ($4::varchar IS NULL OR escalation_id > $4)
             ORDER BY escalation_id
             LIMIT $5
            """);
        AddText(command, query.State);
        AddText(command, query.Owner);
        AddText(command, query.TicketKey);
        AddText(command, query.AfterId);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        return await ReadAsync<EscalationView>(command, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<int, long>> CountOpenByLevelAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT (view->>'level')::int, count(*) FROM sla_escalations WHERE state = 'open' GROUP BY 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<int, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<IReadOnlyList<EscalationView>> ListForTicketsAsync(IReadOnlyCollection<string> ticketKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketKeys);
        await using var command = dataSource.CreateCommand("SELECT view FROM sla_escalations WHERE ticket_key = ANY($1) ORDER BY escalation_id");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ticketKeys] });
        return await ReadAsync<EscalationView>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<EngineeringTaskView>> ListTasksAsync(string ticketKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT view FROM sla_tasks WHERE ticket_key = $1 ORDER BY created_at, task_id LIMIT 1000");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ticketKey });
        return await ReadAsync<EngineeringTaskView>(command, cancellationToken);
    }

    private static void AddText(NpgsqlCommand command, string? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)
                ?? throw new InvalidOperationException("an index row holds no view"));
        }

        return rows;
    }
}

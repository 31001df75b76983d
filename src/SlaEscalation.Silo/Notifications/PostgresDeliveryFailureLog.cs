using Npgsql;
using NpgsqlTypes;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Notifications;

/// <summary>Finally failed deliveries in PostgreSQL (table <c>sla_delivery_failures</c>, migration 0007), keyed by delivery key and endpoint.</summary>
public sealed class PostgresDeliveryFailureLog(NpgsqlDataSource dataSource) : IDeliveryFailureLog
{
    private const string Columns = "delivery_key, type, team, subject, endpoint, attempts, last_error, failed_at";

    public async Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var stored = failure.AsStored();
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO sla_delivery_failures ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delivery_key, endpoint) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored.DeliveryKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored.Type });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stored.Team ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored.Subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored.Endpoint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = stored.Attempts });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored.LastError });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = stored.FailedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryFailure>> ListAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM sla_delivery_failures WHERE ($1::varchar IS NULL OR team = $1) AND failed_at >= $2 AND failed_at < $3 " +
            "ORDER BY failed_at, delivery_key, endpoint");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)team ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        var failures = new List<DeliveryFailure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new DeliveryFailure(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt32(5),
                reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return failures;
    }
}

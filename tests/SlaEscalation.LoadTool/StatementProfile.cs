using System.Globalization;
using Npgsql;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Which statements a workload made PostgreSQL run (pg_stat_statements, with <c>--pg-statements on</c>): calls per
/// event and mean time, the costliest first, so a write rate can be taken apart into what each event costs.
/// </summary>
public static class StatementProfile
{
    public static async Task ResetAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync();
    }

    public static async Task<IReadOnlyList<string>> DescribeAsync(string database, long events, int top, string? containing = null)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT calls, mean_exec_time, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ($2::text IS NULL OR strpos(regexp_replace(query, '\s+', ' ', 'g'), $2) > 0)
            ORDER BY total_exec_time DESC
            LIMIT $1
            """, connection);
        query.Parameters.Add(new NpgsqlParameter<int> { TypedValue = top });
        query.Parameters.Add(new NpgsqlParameter { Value = (object?)containing ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await query.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{reader.GetInt64(0) / (double)Math.Max(1, events),5:F2}/event, mean {reader.GetDouble(1):F2} ms, total {reader.GetDouble(2) / 1000:F1} s: {reader.GetString(3)}"));
        }

        return lines;
    }
}

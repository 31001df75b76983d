using Npgsql;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Database;

/// <summary>
/// Applies the schema scripts a database is missing, and tells a starting silo what is missing.
/// The silo never changes schema itself: only the <c>migrate</c> command (or the Kubernetes migration Job) does.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> scripts)
{
    /// <summary>The table recording which scripts are applied.</summary>
    public const string HistoryTable = "sla_schema_migrations";

    // Serialises concurrent migrate runs (two Jobs, or a Job and an operator) on one database.
    private const long MigrationLockKey = 0x51A_E5CA_1A7E;

    public SchemaMigrator(NpgsqlDataSource dataSource)
        : this(dataSource, MigrationScript.All)
    {
    }

    /// <summary>Applies every missing script in order, all in one transaction.</summary>
    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(dataSource, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE TABLE IF NOT EXISTS {HistoryTable}
            (
                id         varchar(200) NOT NULL PRIMARY KEY,
                checksum   char(64)     NOT NULL,
                applied_at timestamptz  NOT NULL DEFAULT now()
            )
            """,
            cancellationToken);

        var applied = await ReadHistoryAsync(connection, transaction, cancellationToken);
        var newlyApplied = new List<string>();
        var alreadyApplied = new List<string>();
        var changed = new List<string>();
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Id, out var checksum))
            {
                alreadyApplied.Add(script.Id);
                if (!string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
                {
                    changed.Add(script.Id);
                }

                continue;
            }

            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                $"INSERT INTO {HistoryTable} (id, checksum) VALUES (@id, @checksum)", connection, transaction);
            record.Parameters.AddWithValue("id", script.Id);
            record.Parameters.AddWithValue("checksum", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
            newlyApplied.Add(script.Id);
        }

        await transaction.CommitAsync(cancellationToken);
        return new MigrationReport(newlyApplied, alreadyApplied, changed);
    }

    /// <summary>The ids of this build's scripts that the database has not applied, in order.</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(dataSource, cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", HistoryTable);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return scripts.Select(s => s.Id).ToArray();
        }

        var applied = await ReadHistoryAsync(connection, null, cancellationToken);
        return scripts.Where(s => !applied.ContainsKey(s.Id)).Select(s => s.Id).ToArray();
    }

    /// <summary>
    /// Opens a connection, turning the usual reasons it fails into one line that says what to fix.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var target = Describe(dataSource.ConnectionString);
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new StartupFailure($"PostgreSQL at {target} refused the credentials ({ex.MessageText}): fix the user or password in {SiloSettings.Env(SiloSettings.PostgresKey)}.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new StartupFailure($"PostgreSQL at {target}: {ex.MessageText}; create the database or fix Database in {SiloSettings.Env(SiloSettings.PostgresKey)}.", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new StartupFailure($"cannot reach PostgreSQL at {target} ({Innermost(ex)}): start the database or fix Host/Port in {SiloSettings.Env(SiloSettings.PostgresKey)}.", ex);
        }
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.TrimEnd('.');
    }

    private static async Task<Dictionary<string, string>> ReadHistoryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var read = new NpgsqlCommand($"SELECT id, checksum FROM {HistoryTable}", connection, transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

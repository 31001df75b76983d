using System.Diagnostics;
using Npgsql;

namespace SlaEscalation.Silo.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the tests: the server named by <c>SLA_TEST_POSTGRES</c>, or else a throwaway cluster
/// started from the machine's PostgreSQL binaries on a free loopback port (as the <c>postgres</c> user when the
/// tests run as root, since PostgreSQL refuses to run as root). Each test takes a database of its own.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "SLA_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string? dataDirectory;
    private readonly string? binDirectory;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? binDirectory, int port)
    {
        AdminConnectionString = adminConnectionString;
        this.dataDirectory = dataDirectory;
        this.binDirectory = binDirectory;
        Port = port;
    }

    /// <summary>A connection string with the right to create databases.</summary>
    public string AdminConnectionString { get; }

    public int Port { get; }

    /// <summary>The server shared by every test of this run, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Creates a database with every schema migration of this build applied.</summary>
    public async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var database = await CreateDatabaseAsync(prefix);
        await using var dataSource = NpgsqlDataSource.Create(database);
        await new SlaEscalation.Silo.Database.SchemaMigrator(dataSource).MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>Stops the server at once (as a crash would) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        if (dataDirectory is null)
        {
            throw new InvalidOperationException($"{EnvironmentVariable} names an external server; the tests cannot restart it.");
        }

        await PgCtlAsync("-m", "immediate", "stop");
        await PgCtlAsync("start", "-w", "-t", "60");
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null, new NpgsqlConnectionStringBuilder(external).Port);
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "These tests need PostgreSQL, and no server binaries (initdb, pg_ctl) were found on PATH or under " +
            "/usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: 'apt-get install postgresql'), or set " +
            $"{EnvironmentVariable} to the connection string of a server where the user may create databases.");

        var directory = Path.Combine(Path.GetTempPath(), $"sla-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        }

        var data = Path.Combine(directory, "data");
        var port = FreePorts.Next();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=60",
            data,
            bin,
            port);
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], RunningAsRoot);
        await File.AppendAllTextAsync(
            Path.Combine(data, "postgresql.conf"),
            $"""

            port = {port}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{directory}'
            max_connections = 400
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            log_destination = 'stderr'
            logging_collector = off
            """);
        await server.PgCtlAsync("start", "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopQuietly(directory);
        return server;
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private Task PgCtlAsync(params string[] arguments) =>
        RunAsync(Path.Combine(binDirectory!, "pg_ctl"), ["-D", dataDirectory!, .. arguments], RunningAsRoot);

    private void StopQuietly(string directory)
    {
        try
        {
            PgCtlAsync("-m", "immediate", "stop").Wait(TimeSpan.FromSeconds(20));
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is AggregateException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The run is over; a server left behind in the temporary directory harms nothing.
        }
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var part in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {await error} {await output}");
        }
    }
}

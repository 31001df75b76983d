using System.Diagnostics;
using Npgsql;

namespace SlaEscalation.Testing;

/// <summary>
/// A real PostgreSQL for the tests and the load tool: the server named by <c>SLA_TEST_POSTGRES</c> (or a given
/// connection string), or else a throwaway cluster started from the machine's PostgreSQL binaries on a free loopback
/// port (as the <c>postgres</c> user when run as root, since PostgreSQL refuses to run as root). Each test takes a
/// database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "SLA_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);

    private readonly string? dataDirectory;
    private readonly string? binDirectory;
    private int stopped;

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

    /// <summary>Whether this process started the server (and stops it), rather than being given one.</summary>
    public bool IsThrowaway => dataDirectory is not null;

    /// <summary>The server shared by every test of this run, started on first use (without fsync, for speed).</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>
    /// Starts a throwaway server that <see cref="DisposeAsync"/> stops. With <paramref name="durableWrites"/> it keeps
    /// PostgreSQL's defaults (fsync, synchronous commit, full-page writes): the real write ceiling of the machine.
    /// Without, commits skip the disk, as the tests' shared server does. <paramref name="trackStatements"/> loads
    /// pg_stat_statements, so a load run can say which statements its writes are made of.
    /// </summary>
    public static Task<PostgresServer> StartThrowawayAsync(bool durableWrites, bool trackStatements = false) =>
        StartAsync(durableWrites, trackStatements);

    /// <summary>A server this process does not own: never restarted or stopped here.</summary>
    public static PostgresServer External(string adminConnectionString) =>
        new(adminConnectionString, null, null, new NpgsqlConnectionStringBuilder(adminConnectionString).Port);

    /// <summary>The server's durability settings as it reports them, e.g. <c>fsync=on synchronous_commit=on ...</c>.</summary>
    public async Task<string> DescribeDurabilityAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var setting in (string[])["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "server_version"])
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
            parts.Add($"{setting}={await show.ExecuteScalarAsync()}");
        }

        return string.Join(' ', parts);
    }

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
    public Task RestartAsync() => RestartAsync(TimeSpan.Zero);

    /// <summary>Stops the server at once (as a crash would), leaves it down for <paramref name="downtime"/>, and starts it again on the same port.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        if (dataDirectory is null)
        {
            throw new InvalidOperationException($"{EnvironmentVariable} names an external server; the tests cannot restart it.");
        }

        await PgCtlAsync("-m", "immediate", "stop");
        await Task.Delay(downtime);
        await PgCtlAsync("start", "-w", "-t", "60");
    }

    /// <summary>Stops a throwaway server at once and deletes its files; a given server is left alone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (dataDirectory is not null && Interlocked.Exchange(ref stopped, 1) == 0)
        {
            await Task.Run(() => StopQuietly(Path.GetDirectoryName(dataDirectory)!));
        }
    }

    private static Task<PostgresServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(external) ? StartAsync(durableWrites: false, trackStatements: false) : Task.FromResult(External(external));
    }

    private static async Task<PostgresServer> StartAsync(bool durableWrites, bool trackStatements)
    {
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
            fsync = {OnOff(durableWrites)}
            synchronous_commit = {OnOff(durableWrites)}
            full_page_writes = {OnOff(durableWrites)}
            {(trackStatements ? "shared_preload_libraries = 'pg_stat_statements'" : string.Empty)}
            log_destination = 'stderr'
            logging_collector = off
            """);
        await server.PgCtlAsync("start", "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
        return server;
    }

    private static string OnOff(bool on) => on ? "on" : "off";

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

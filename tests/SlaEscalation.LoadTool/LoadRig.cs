using System.Globalization;
using Npgsql;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>
/// What a run stands on: a PostgreSQL server (started here, or given with <c>--postgres</c>), one migrated database
/// of its own, and the silo processes it starts. Disposing stops every silo and the server it started, and drops the
/// database it created on a given server: nothing outlives the run, Ctrl+C included.
/// </summary>
public sealed class LoadRig : IAsyncDisposable
{
    private readonly List<SiloProcess> silos = [];
    private readonly HashSet<SiloProcess> killed = [];
    private readonly string clusterId = "load-" + Guid.NewGuid().ToString("N")[..8];

    private LoadRig(PostgresServer server, string database, string durability, bool tracksStatements)
    {
        Server = server;
        Database = database;
        Durability = durability;
        TracksStatements = tracksStatements;
    }

    /// <summary>Whether pg_stat_statements records this run's statements (see <see cref="StatementProfile"/>).</summary>
    public bool TracksStatements { get; }

    public PostgresServer Server { get; }

    /// <summary>The connection string of this run's migrated database.</summary>
    public string Database { get; }

    /// <summary>The server's durability settings as it reports them (fsync, synchronous_commit, ...).</summary>
    public string Durability { get; }

    /// <summary>
    /// Starts (or connects to) PostgreSQL and creates this run's database. Statement tracking needs the server
    /// started here (it is a preloaded library), and costs every statement a little, figures included.
    /// </summary>
    public static async Task<LoadRig> StartAsync(string? postgres, bool fsync, bool trackStatements)
    {
        var server = postgres is null
            ? await PostgresServer.StartThrowawayAsync(durableWrites: fsync, trackStatements)
            : PostgresServer.External(postgres);
        try
        {
            var database = await server.CreateMigratedDatabaseAsync("load");
            var tracks = trackStatements && server.IsThrowaway;
            if (tracks)
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
                await create.ExecuteNonQueryAsync();
            }

            var durability = await server.DescribeDurabilityAsync()
                + (server.IsThrowaway ? string.Empty : " (given server)")
                + (tracks ? " pg_stat_statements=loaded" : string.Empty);
            return new LoadRig(server, database, durability, tracks);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts one more durable silo of this run's cluster, with fresh ports (and any further environment
    /// variables); returns it once ready, and how long that took from launching the process.
    /// </summary>
    public async Task<(SiloProcess Silo, TimeSpan Ready)> StartSiloAsync(string name, TimeSpan readyWithin, IReadOnlyDictionary<string, string>? environment = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var variables = SiloProcess.Environment(name, clusterId, Database);

        // A line per ticket transition is gigabytes over a million tickets: the grains' warnings and errors only.
        variables["Logging__LogLevel__SlaEscalation.Grains"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var silo = SiloProcess.Launch(variables, []);
        silos.Add(silo);
        await silo.WaitUntilReadyAsync(readyWithin);
        return (silo, started.Elapsed);
    }

    /// <summary>
    /// Starts <paramref name="killed"/> again with the environment it had, so on the same address and ports, as a
    /// container restarted in its pod or a service restarted on its host; returns it once ready, and how long that took
    /// from launching the process.
    /// </summary>
    public async Task<(SiloProcess Silo, TimeSpan Ready)> RestartInPlaceAsync(SiloProcess killed, TimeSpan readyWithin)
    {
        ArgumentNullException.ThrowIfNull(killed);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var silo = SiloProcess.Launch(killed.Settings, []);
        silos.Add(silo);
        await silo.WaitUntilReadyAsync(readyWithin);
        return (silo, started.Elapsed);
    }

    /// <summary>Kills a silo of this run at once (SIGKILL), as a crash would.</summary>
    public void Kill(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        killed.Add(silo);
        silo.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        // The silos' own logs are the evidence behind a surprising figure (a slow start, a late tick): kept on disk.
        var logs = Path.Combine(Path.GetTempPath(), clusterId);
        var starts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var silo in silos)
        {
            // A silo restarted in place keeps its name: its later starts get a number.
            var start = starts[silo.Name] = starts.GetValueOrDefault(silo.Name) + 1;
            if (silo.HasExited && !killed.Contains(silo))
            {
                // Not stopped by this run: a crash, or a kill from outside (the exit code says which signal).
                Figures.Note($"silo {silo.Name} had exited by itself, code {await silo.WaitForExitAsync(TimeSpan.FromSeconds(5))}");
            }

            await silo.DisposeAsync();
            Directory.CreateDirectory(logs);
            await File.WriteAllTextAsync(Path.Combine(logs, silo.Name + (start == 1 ? "" : $".{start}") + ".log"), silo.Output);
        }

        if (silos.Count > 0)
        {
            Figures.Note($"silo logs: {logs}");
        }

        if (!Server.IsThrowaway)
        {
            await DropDatabaseAsync();
        }

        await Server.DisposeAsync();
    }

    private async Task DropDatabaseAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(Database).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"), connection);
        await drop.ExecuteNonQueryAsync();
    }
}

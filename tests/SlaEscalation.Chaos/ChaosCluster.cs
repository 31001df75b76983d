using System.Diagnostics;
using SlaEscalation.Testing;

namespace SlaEscalation.Chaos;

/// <summary>
/// PostgreSQL and the silo processes of one run. A killed silo is started again under the same name with fresh
/// ports, and started again if it stops before it is ready, as a pod's restart policy would. Disposing stops
/// everything it started and keeps each silo's output beside the run's figures.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly List<SiloProcess> ready = [];
    private readonly List<SiloProcess> all = [];
    private readonly List<Task> restarts = [];
    private readonly string clusterId = "chaos-" + Guid.NewGuid().ToString("N")[..8];

    private ChaosCluster(PostgresServer server, string database)
    {
        Server = server;
        Database = database;

        // Ctrl+C or any other end of the process still stops every silo this run started (the server stops itself).
        Console.CancelKeyPress += (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public PostgresServer Server { get; }

    public string Database { get; }

    /// <summary>Each restart: the silo's name and how long from the kill until it was ready again.</summary>
    public List<(string Silo, TimeSpan Ready, int Attempts)> Restarts { get; } = [];

    public List<string> Failures { get; } = [];

    /// <summary>
    /// Starts a throwaway PostgreSQL with its durable defaults (a crash of it must not lose a commit), a migrated
    /// database, and the silos.
    /// </summary>
    public static async Task<ChaosCluster> StartAsync(int silos)
    {
        var server = await PostgresServer.StartThrowawayAsync(durableWrites: true);
        var cluster = new ChaosCluster(server, await server.CreateMigratedDatabaseAsync("chaos"));
        try
        {
            // The first silo creates the membership version row; the others join it together.
            await cluster.StartSiloAsync("silo-1");
            await Task.WhenAll(Enumerable.Range(2, silos - 1).Select(i => cluster.StartSiloAsync($"silo-{i}")));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silos answering now, to send requests to.</summary>
    public IReadOnlyList<SiloProcess> Ready
    {
        get
        {
            lock (gate)
            {
                return ready.Where(s => !s.HasExited).ToArray();
            }
        }
    }

    /// <summary>Kills a random ready silo (SIGKILL) and starts it again in the background.</summary>
    public string KillAndRestart(Random random)
    {
        SiloProcess victim;
        lock (gate)
        {
            if (ready.Count == 0)
            {
                return "none ready";
            }

            victim = ready[random.Next(ready.Count)];
            ready.Remove(victim);
        }

        var killed = Stopwatch.StartNew();
        victim.Kill();
        var restart = RestartAsync(victim.Name, killed);
        lock (gate)
        {
            restarts.Add(restart);
        }

        return victim.Name;
    }

    /// <summary>Waits for the restarts in flight.</summary>
    public async Task SettleAsync()
    {
        Task[] pending;
        lock (gate)
        {
            pending = restarts.ToArray();
        }

        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        await SettleAsync();
        var logs = Path.Combine(Path.GetTempPath(), clusterId);
        Directory.CreateDirectory(logs);
        SiloProcess[] started;
        lock (gate)
        {
            started = all.ToArray();
        }

        for (var i = 0; i < started.Length; i++)
        {
            await started[i].DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, $"{i:D2}-{started[i].Name}.log"), started[i].Output);
        }

        lock (gate)
        {
            all.Clear();
        }

        Console.WriteLine($"silo logs: {logs}");
        await Server.DisposeAsync();
    }

    private void KillAll()
    {
        lock (gate)
        {
            foreach (var silo in all)
            {
                silo.Kill();
            }
        }
    }

    private async Task RestartAsync(string name, Stopwatch sinceKill)
    {
        const int MaxAttempts = 5;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await StartSiloAsync(name);
                lock (gate)
                {
                    Restarts.Add((name, sinceKill.Elapsed, attempt));
                }

                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                // Stopped before it was ready (PostgreSQL may be down): start it again, as Kubernetes would.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }

        lock (gate)
        {
            Failures.Add($"{name} was not ready again after {MaxAttempts} starts");
        }
    }

    private async Task StartSiloAsync(string name)
    {
        var silo = SiloProcess.Launch(SiloProcess.Environment(name, clusterId, Database), []);
        lock (gate)
        {
            all.Add(silo);
        }

        try
        {
            await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            silo.Kill();
            throw;
        }

        lock (gate)
        {
            ready.Add(silo);
        }
    }
}

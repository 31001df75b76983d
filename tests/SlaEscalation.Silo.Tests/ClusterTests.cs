using System.Net.Http.Json;
using Npgsql;
using SlaEscalation.Contracts.Operations;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests;

/// <summary>Real silo processes forming one cluster through PostgreSQL membership, and surviving a kill.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ProbeDue = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KillBeforeDue = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LatenessBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_silo_processes_join_one_cluster_through_postgres_membership()
    {
        var (database, cluster) = await MigratedClusterAsync("join");
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));

        await UntilBothSeeTwoSilosAsync(a, b);

        Assert.Equal(["silo-a", "silo-b"], await a.ActiveSilosAsync());
        Assert.Equal(["silo-a", "silo-b"], await b.ActiveSilosAsync());
        Assert.Equal(
            ["silo-a", "silo-b"],
            await ReadAsync(database, $"SELECT SiloName FROM OrleansMembershipTable WHERE DeploymentId = '{cluster}' AND Status = 3 ORDER BY SiloName"));
    }

    [Fact]
    public async Task A_reminder_whose_owning_silo_is_killed_before_it_is_due_fires_on_the_survivor_within_30_seconds()
    {
        var (database, cluster) = await MigratedClusterAsync("failover");
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        await UntilBothSeeTwoSilosAsync(a, b);

        // Several probes, so that whichever way the ring falls, the silo we kill owns at least one reminder.
        var armed = new List<ClockProbeStatus>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await a.Http.PutAsJsonAsync($"/v1/ops/clock-probes/failover-{i}", new { dueInSeconds = (int)ProbeDue.TotalSeconds });
            response.EnsureSuccessStatusCode();
            armed.Add((await response.Content.ReadFromJsonAsync<ClockProbeStatus>())!);
        }

        Assert.All(armed, p => Assert.Contains(p.ReminderOwnerSilo, new[] { "silo-a", "silo-b" }));
        var victimName = armed.GroupBy(p => p.ReminderOwnerSilo).OrderByDescending(g => g.Count()).First().Key!;
        var (victim, survivor) = victimName == a.Name ? (a, b) : (b, a);
        var owned = armed.Where(p => p.ReminderOwnerSilo == victimName).ToArray();
        var firstDue = owned.Min(p => p.DueAt!.Value);

        var untilKill = firstDue - KillBeforeDue - DateTimeOffset.UtcNow;
        Assert.True(untilKill > TimeSpan.Zero, $"the probes were armed too slowly: {untilKill} left before the kill point");
        // Real reminders are due at real instants: the kill waits for its own instant, not for the system.
        await Task.Delay(untilKill);
        victim.Kill();
        output.WriteLine($"killed {victim.Name} (owner of {owned.Length} of {armed.Count} probe reminders) {(firstDue - DateTimeOffset.UtcNow).TotalSeconds:F1} s before the first was due");

        var fired = await UntilAllFiredAsync(survivor, armed.Select(p => p.ProbeId["probe:".Length..]).ToArray(), armed.Max(p => p.DueAt!.Value) + LatenessBound + TimeSpan.FromSeconds(15));

        foreach (var probe in fired)
        {
            output.WriteLine($"{probe.ProbeId}: owner was {armed.Single(p => p.ProbeId == probe.ProbeId).ReminderOwnerSilo}, fired on {probe.FiredOnSilo}, {probe.Lateness!.Value.TotalMilliseconds:F0} ms late, {probe.Ticks} tick(s)");
        }

        var takenOver = fired.Where(p => owned.Any(o => o.ProbeId == p.ProbeId)).ToArray();
        Assert.NotEmpty(takenOver);
        Assert.All(fired, p => Assert.Equal(survivor.Name, p.FiredOnSilo));
        Assert.All(fired, p => Assert.Equal(1, p.Ticks));
        Assert.All(fired, p => Assert.InRange(p.Lateness!.Value, TimeSpan.Zero, LatenessBound));
        output.WriteLine($"worst lateness of a reminder taken over from the killed silo: {takenOver.Max(p => p.Lateness!.Value).TotalMilliseconds:F0} ms");
    }

    private async Task<ClockProbeStatus[]> UntilAllFiredAsync(SiloProcess silo, string[] ids, DateTimeOffset giveUpAt)
    {
        var latest = new Dictionary<string, ClockProbeStatus>();
        string[] Missing() => ids.Where(id => !latest.TryGetValue(id, out var s) || s.FiredAt is null).ToArray();
        async Task<string[]> AskAsync()
        {
            foreach (var id in ids.Where(id => !latest.TryGetValue(id, out var s) || s.FiredAt is null))
            {
                try
                {
                    using var response = await silo.Http.GetAsync(new Uri($"/v1/ops/clock-probes/{id}", UriKind.Relative));
                    if (response.IsSuccessStatusCode)
                    {
                        latest[id] = (await response.Content.ReadFromJsonAsync<ClockProbeStatus>())!;
                    }
                    else
                    {
                        // Until the dead silo is declared dead, calls routed to it fail; ask again.
                        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {id}: {(int)response.StatusCode}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {id}: {ex.GetType().Name} {ex.Message}");
                }
            }

            return Missing();
        }

        await Eventually.ValueAsync(
            AskAsync, missing => missing.Length == 0, giveUpAt - DateTimeOffset.UtcNow, "every probe to fire",
            missing => $"probes never fired: {string.Join(", ", missing)}\n{silo.Output}", TimeSpan.FromMilliseconds(250));
        return latest.Values.OrderBy(s => s.ProbeId, StringComparer.Ordinal).ToArray();
    }

    private static Task UntilBothSeeTwoSilosAsync(SiloProcess a, SiloProcess b) =>
        Eventually.TrueAsync(
            async () => (await a.ActiveSilosAsync()).Length == 2 && (await b.ActiveSilosAsync()).Length == 2,
            TimeSpan.FromSeconds(60),
            "both silos to see two active silos",
            pace: TimeSpan.FromMilliseconds(250),
            retryOn: ex => ex is HttpRequestException);

    private static async Task<(string Database, string Cluster)> MigratedClusterAsync(string prefix)
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync(prefix);
        return (database, $"{prefix}-{Guid.NewGuid():N}"[..20]);
    }

    private static async Task<string[]> ReadAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows.ToArray();
    }
}

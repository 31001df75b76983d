using System.Diagnostics;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests;

/// <summary>A whole cluster that crashed comes back under the same cluster id without a long wait.</summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_started_after_the_only_silo_was_killed_is_ready_within_a_minute()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("restart");
        var cluster = "crash-" + Guid.NewGuid().ToString("N")[..8];
        await using (var crashed = await SiloProcess.StartAsync(SiloProcess.Environment("crashed", cluster, database)))
        {
            crashed.Kill();
        }

        var clock = Stopwatch.StartNew();
        await using var restarted = await SiloProcess.StartAsync(SiloProcess.Environment("restarted", cluster, database), readyWithin: TimeSpan.FromSeconds(60));
        output.WriteLine($"ready {clock.Elapsed.TotalSeconds:F1} s after start, with the killed silo's row still marked active");
        Assert.Equal(["restarted"], await restarted.ActiveSilosAsync());
    }
}

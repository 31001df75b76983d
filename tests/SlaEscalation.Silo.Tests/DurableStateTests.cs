using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using SlaEscalation.Contracts.Operations;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>Grain state on PostgreSQL, through the real silo wiring and our own schema scripts.</summary>
public sealed class DurableStateTests
{
    [Fact]
    public async Task Grain_state_written_by_one_silo_is_read_back_after_the_whole_cluster_restarts()
    {
        var database = await MigratedDatabaseAsync("restart");
        var cluster = "restart-" + Guid.NewGuid().ToString("N")[..8];
        ClockProbeStatus armed;

        await using (var first = await StartSiloAsync(database, cluster))
        {
            var probe = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IClockProbeGrain>("probe:restart");
            armed = await probe.ArmAsync(first.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1));
            await first.StopAsync();
        }

        await using var second = await StartSiloAsync(database, cluster);
        var read = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IClockProbeGrain>("probe:restart").GetStatusAsync();

        Assert.Equal(armed.DueAt, read.DueAt);
        Assert.Null(read.FiredAt);
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM OrleansRemindersTable WHERE GrainId LIKE '%probe:restart'"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_leaves_the_stored_state_alone()
    {
        var database = await MigratedDatabaseAsync("stale");
        await using var silo = await StartSiloAsync(database, "stale-" + Guid.NewGuid().ToString("N")[..8]);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(OrleansSiloBuilderExtensions.GrainStorageName);
        var grain = GrainId.Create("clockprobe", "probe:stale");
        const string StateName = "slaClockProbe";

        var current = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 1 });
        await storage.WriteStateAsync(StateName, grain, current);
        var stale = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 99 }) { ETag = current.ETag };
        current.State!.Ticks = 2;
        await storage.WriteStateAsync(StateName, grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        var secondFirstWrite = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 77 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, secondFirstWrite));

        var read = new GrainState<ClockProbeState>(new ClockProbeState());
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(2, read.State!.Ticks);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task State_written_before_schema_0009_is_read_from_OrleansStorage_and_moves_on_its_next_write()
    {
        var database = await MigratedDatabaseAsync("legacy");
        var cluster = "legacy-" + Guid.NewGuid().ToString("N")[..8];
        var grain = GrainId.Create("clockprobe", "probe:legacy");
        const string StateName = "slaClockProbe";
        var due = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        await using (var before = await StartSiloAsync(database, cluster))
        {
            // What the ADO.NET provider wrote when it was the grains' storage.
            var legacy = before.Services.GetRequiredKeyedService<IGrainStorage>(OrleansSiloBuilderExtensions.LegacyGrainStorageName);
            await legacy.WriteStateAsync(StateName, grain, new GrainState<ClockProbeState>(new ClockProbeState { DueAt = due, Ticks = 3 }));
            await before.StopAsync();
        }

        await using var silo = await StartSiloAsync(database, cluster);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(OrleansSiloBuilderExtensions.GrainStorageName);
        var read = new GrainState<ClockProbeState>(new ClockProbeState());
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal((due, 3, true, null), (read.State!.DueAt, read.State.Ticks, read.RecordExists, read.ETag));

        var probe = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IClockProbeGrain>("probe:legacy");
        Assert.Equal(due, (await probe.GetStatusAsync()).DueAt);
        await probe.ArmAsync(due.AddDays(1));

        var moved = new GrainState<ClockProbeState>(new ClockProbeState());
        await storage.ReadStateAsync(StateName, grain, moved);
        Assert.Equal((due.AddDays(1), "1"), (moved.State!.DueAt, moved.ETag));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM sla_grain_state WHERE grain_id = 'clockprobe/probe:legacy'"));
    }

    private static async Task<string> MigratedDatabaseAsync(string prefix) =>
        await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync(prefix);

    private static async Task<WebApplication> StartSiloAsync(string database, string cluster)
    {
        string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var app = await SiloApplication.BuildAsync(
        [
            $"--ConnectionStrings:Postgres={database}",
            $"--Cluster:ClusterId={cluster}",
            $"--Cluster:ServiceId={cluster}",
            $"--Cluster:SiloName={cluster}-{Guid.NewGuid():N}",
            $"--Cluster:SiloPort={Port()}",
            $"--Cluster:GatewayPort={Port()}",
            $"--Http:Port={Port()}",
            "--Http:ListenAddress=127.0.0.1",
            $"--Auth:ApiKeys:0:Name={SiloProcess.OperatorKeyName}",
            $"--Auth:ApiKeys:0:Key={SiloProcess.OperatorKey}",
            "--Auth:ApiKeys:0:Scopes=operator",
        ]);
        await app.StartAsync();
        return app;
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

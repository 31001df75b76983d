using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;
using StateKey = SlaEscalation.Silo.Database.PostgresGrainStorage.StateKey;
using StateWrite = SlaEscalation.Silo.Database.PostgresGrainStorage.StateWrite;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>
/// The writers that group commits on a real PostgreSQL: grain state, the ticket index and the audit trail. A batch
/// is driven directly where what one write does to another in the same statement matters.
/// </summary>
public sealed class PostgresGroupCommitTests : IAsyncDisposable
{
    private const string ServiceId = "group-commit-tests";
    private const string StateName = "slaClockProbe";
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    private readonly List<NpgsqlDataSource> dataSources = [];

    [Fact]
    public async Task Many_grains_written_at_once_each_read_back_their_own_state_at_version_1()
    {
        var storage = await StorageAsync();
        var grains = Enumerable.Range(0, 300).Select(i => GrainId.Create("clockprobe", $"probe:{i}")).ToArray();

        await Task.WhenAll(grains.Select((grain, i) => Task.Run(() =>
            storage.WriteStateAsync(StateName, grain, new GrainState<ClockProbeState>(new ClockProbeState { Ticks = i })))));

        for (var i = 0; i < grains.Length; i++)
        {
            var read = new GrainState<ClockProbeState>(new ClockProbeState());
            await storage.ReadStateAsync(StateName, grains[i], read);
            Assert.Equal((i, "1", true), (read.State!.Ticks, read.ETag, read.RecordExists));
        }
    }

    [Fact]
    public async Task A_stale_write_fails_alone_in_its_batch_and_a_grain_twice_in_a_batch_is_checked_in_order()
    {
        var dataSource = await DataSourceAsync();
        StateWrite Write(string key, int? expected) => new(new StateKey($"clockprobe/{key}", StateName), [(byte)(expected ?? 0)], expected);
        await PostgresGrainStorage.WriteBatchAsync(dataSource, ServiceId, [Write("a", null), Write("b", null)]);

        var outcomes = await PostgresGrainStorage.WriteBatchAsync(dataSource, ServiceId,
        [
            Write("a", 1),    // current: wins, version 2
            Write("b", 7),    // stale
            Write("c", null), // new
            Write("a", 2),    // follows the first write of a in this batch
            Write("c", null), // a second first write of c: lost the race
        ]);

        Assert.Equal([2, 0, 1, 3, 0], outcomes.Select(o => o.Value));
        Assert.Equal(
            [false, true, false, false, true],
            outcomes.Select(o => o.Error is InconsistentStateException));
        Assert.Equal([("clockprobe/a", 3), ("clockprobe/b", 1), ("clockprobe/c", 1)], await VersionsAsync(dataSource));
    }

    [Fact]
    public async Task A_cleared_state_reads_as_absent_and_the_etag_before_the_clear_no_longer_writes()
    {
        var storage = await StorageAsync();
        var grain = GrainId.Create("clockprobe", "probe:clear");
        var state = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 5 });
        await storage.WriteStateAsync(StateName, grain, state);
        var before = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 6 }) { ETag = state.ETag };

        await storage.ClearStateAsync(StateName, grain, state);

        var read = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 99 });
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal((0, "2", false), (read.State!.Ticks, read.ETag, read.RecordExists));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, before));
        await storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task A_ticket_twice_in_an_index_batch_keeps_its_latest_entry_and_an_older_entry_never_overwrites()
    {
        var index = new PostgresTicketIndex(await DataSourceAsync());
        TicketIndexEntry Entry(string key, string slaState, int minute) => new(key, "support", null, "open", slaState, Start.AddHours(1), Start.AddMinutes(minute));

        await index.UpsertBatchAsync([Entry("zendesk:1", "breached", 2), Entry("zendesk:2", "active", 1), Entry("zendesk:1", "at_risk", 1)]);
        await index.UpsertAsync(Entry("zendesk:2", "solved", 0));

        Assert.Equal(["zendesk:1"], (await index.ListAsync("breached", null, null, 10)).Select(e => e.Key));
        Assert.Equal(["zendesk:2"], (await index.ListAsync("active", "support", null, 10)).Select(e => e.Key));
        Assert.Empty(await index.ListAsync("at_risk", null, null, 10));
        Assert.Empty(await index.ListAsync("solved", null, null, 10));
    }

    [Fact]
    public async Task Index_upserts_of_many_tickets_at_once_all_land()
    {
        var index = new PostgresTicketIndex(await DataSourceAsync());

        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => Task.Run(() =>
            index.UpsertAsync(new TicketIndexEntry($"zendesk:{i:D4}", "support", i % 2 == 0 ? "ana" : null, "open", "active", null, Start)))));

        var listed = await index.ListAsync("active", "support", null, 2_000);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => $"zendesk:{i:D4}"), listed.Select(e => e.Key));
        Assert.Equal(500, listed.Count(e => e.Agent == "ana"));
    }

    [Fact]
    public async Task Appends_to_many_chains_in_one_transaction_are_each_checked_and_only_the_bad_ones_fail()
    {
        var trail = new PostgresAuditTrail(await DataSourceAsync());
        var zero = Chain("zendesk:0", 2);
        var one = Chain("zendesk:1", 5);
        var two = Chain("zendesk:2", 2);
        var three = Chain("zendesk:3", 2);
        await trail.AppendAsync(zero);
        var fork = AuditChain.Next("zendesk:0", AuditChainHead.Of(zero[0]), Fact(99, "zendesk:0"));

        var outcomes = await trail.AppendBatchAsync(
        [
            one[..3],
            [fork],      // a different entry where the chain holds one
            two,
            one[3..],    // the same chain again: follows the first append of this batch
            three[1..],  // would leave a gap
            zero,        // a retry of what is stored: nothing to do
        ]);

        Assert.Equal(
            [null, typeof(AuditConflictException), null, null, typeof(AuditConflictException), null],
            outcomes.Select(o => o.Error?.GetType()));
        Assert.Equal(one, await trail.ReadChainAsync("zendesk:1", 0, 10));
        Assert.Equal(two, await trail.ReadChainAsync("zendesk:2", 0, 10));
        Assert.Equal(zero, await trail.ReadChainAsync("zendesk:0", 0, 10));
        Assert.Empty(await trail.ReadChainAsync("zendesk:3", 0, 10));
        var verified = await trail.VerifyAsync();
        Assert.Equal((3, 9L, 0), (verified.ChainsChecked, verified.EntriesChecked, verified.Broken.Count));
    }

    [Fact]
    public async Task Appends_to_many_chains_at_once_all_land_intact()
    {
        var trail = new PostgresAuditTrail(await DataSourceAsync());
        var chains = Enumerable.Range(0, 400).Select(i => Chain($"zendesk:{i}", 3)).ToArray();

        await Task.WhenAll(chains.Select(chain => Task.Run(async () =>
        {
            await trail.AppendAsync(chain[..1]);
            await trail.AppendAsync(chain[1..]);
        })));

        var verified = await trail.VerifyAsync();
        Assert.Equal((400, 1_200L, 0), (verified.ChainsChecked, verified.EntriesChecked, verified.Broken.Count));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_first_write_after_the_server_terminated_the_pooled_connections_is_stored_not_refused()
    {
        var storage = await StorageAsync();
        var grain = GrainId.Create("clockprobe", "probe:terminated");
        var state = new GrainState<ClockProbeState>(new ClockProbeState { Ticks = 1 });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => storage.ReadStateAsync(StateName, GrainId.Create("clockprobe", $"probe:warm{i}"), new GrainState<ClockProbeState>(new ClockProbeState())))));
        await storage.WriteStateAsync(StateName, grain, state);

        // As a restart or an administrator would: every connection of this database ends while idle in the pool.
        var database = new NpgsqlConnectionStringBuilder(dataSources[^1].ConnectionString).Database;
        await using (var admin = NpgsqlDataSource.Create((await PostgresServer.GetAsync()).AdminConnectionString))
        await using (var terminate = admin.CreateCommand("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t"))
        {
            terminate.Parameters.AddWithValue(database!);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1);
        }

        state.State!.Ticks = 2;
        await storage.WriteStateAsync(StateName, grain, state);

        var read = new GrainState<ClockProbeState>(new ClockProbeState());
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal((2, "2"), (read.State!.Ticks, read.ETag));
    }

    private async Task<NpgsqlDataSource> DataSourceAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("groupcommit");
        var dataSource = NpgsqlDataSource.Create(database);
        dataSources.Add(dataSource);
        return dataSource;
    }

    private async Task<PostgresGrainStorage> StorageAsync()
    {
        var serializer = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(ClockProbeState).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>();
        return new PostgresGrainStorage(await DataSourceAsync(), ServiceId, serializer, legacy: null);
    }

    private static async Task<List<(string, int)>> VersionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT grain_id, version FROM sla_grain_state ORDER BY grain_id");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<(string, int)>();
        while (await reader.ReadAsync())
        {
            versions.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return versions;
    }

    private static AuditEntry[] Chain(string chainKey, int count)
    {
        var entries = new List<AuditEntry>();
        for (var n = 1; n <= count; n++)
        {
            entries.Add(AuditChain.Next(chainKey, entries.Count == 0 ? null : AuditChainHead.Of(entries[^1]), Fact(n, chainKey)));
        }

        return [.. entries];
    }

    private static AuditFact Fact(int n, string ticketKey) => new(
        Start.AddMinutes(n), AuditActorKind.System, "sla-engine", ticketKey, AuditAction.OwnerChanged, null, $$"""{"team":"t{{n}}"}""", $"evt-{n}");
}

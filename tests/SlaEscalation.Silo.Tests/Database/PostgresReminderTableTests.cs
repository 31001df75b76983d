using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>The reminder table on a real PostgreSQL: the ADO.NET provider's contract, its batched upserts, and the horizon of its range reads.</summary>
public sealed class PostgresReminderTableTests : IAsyncDisposable
{
    private static readonly DateTime Start = new(2026, 11, 27, 14, 0, 0, DateTimeKind.Utc);

    private readonly List<NpgsqlDataSource> dataSources = [];

    [Fact]
    public async Task An_upsert_versions_the_row_a_removal_needs_the_current_etag_and_reads_give_back_what_was_written()
    {
        var table = await TableAsync();
        var grain = GrainId.Create("ticket", "zendesk:1");

        Assert.Equal("0", await table.UpsertRow(Entry(grain, "sla-clock", 10)));
        Assert.Equal("1", await table.UpsertRow(Entry(grain, "sla-clock", 20)));
        Assert.Equal("0", await table.UpsertRow(Entry(grain, "other", 30)));

        var row = await table.ReadRow(grain, "sla-clock");
        Assert.Equal((grain, "sla-clock", Start.AddMinutes(20), TimeSpan.FromSeconds(5), "1"), (row!.GrainId, row.ReminderName, row.StartAt, row.Period, row.ETag));
        Assert.Equal(["other", "sla-clock"], (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.Null(await table.ReadRow(grain, "missing"));

        Assert.False(await table.RemoveRow(grain, "sla-clock", "0"));
        Assert.True(await table.RemoveRow(grain, "sla-clock", "1"));
        Assert.Null(await table.ReadRow(grain, "sla-clock"));
    }

    [Fact]
    public async Task A_range_read_returns_exactly_the_reminders_whose_hash_falls_in_that_arc_of_the_ring()
    {
        var table = await TableAsync();
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("ticket", $"zendesk:{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => table.UpsertRow(Entry(g, "sla-clock", 1))));

        uint[] points = [0, 1, 0x3000_0000, 0x7FFF_FFFF, 0x8000_0000, 0x9000_0000, 0xF000_0000, uint.MaxValue];
        foreach (var begin in points)
        {
            foreach (var end in points.Where(p => p != begin))
            {
                var expected = grains.Where(g => InArc(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order(StringComparer.Ordinal);
                var read = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal);
                Assert.True(expected.SequenceEqual(read), $"arc ({begin:X8}, {end:X8}]");
            }
        }
    }

    [Fact]
    public async Task With_a_horizon_a_range_read_leaves_out_only_the_reminders_that_start_beyond_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(Start));
        var horizon = PostgresReminderTable.HorizonFor(new ReminderOptions());
        Assert.Equal(TimeSpan.FromMinutes(15), horizon);
        var (table, dataSource) = await TableAndSourceAsync();
        var soon = new PostgresReminderTable(dataSource, "reminder-tests", clock, horizon);
        int[] minutes = [-30, 0, 5, 15, 16, 60, 24 * 60];
        var grains = minutes.ToDictionary(m => m, m => GrainId.Create("ticket", $"zendesk:starts{m}"));
        foreach (var (minute, grain) in grains)
        {
            await table.UpsertRow(Entry(grain, "sla-clock", minute));
        }

        string[] Names(ReminderTableData data) => [.. data.Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal)];
        string[] Starting(params int[] at) => [.. at.Select(m => grains[m].ToString()).Order(StringComparer.Ordinal)];

        // The whole ring, as one silo reads it, and two arcs that wrap and do not.
        Assert.Equal(Starting(-30, 0, 5, 15), Names(await soon.ReadRows(0, 0)));
        Assert.Equal(Starting(minutes), Names(await table.ReadRows(0, 0)));
        var arc = Names(await soon.ReadRows(0x1000_0000, 0xC000_0000)).Concat(Names(await soon.ReadRows(0xC000_0000, 0x1000_0000)));
        Assert.Equal(Starting(-30, 0, 5, 15), arc.Order(StringComparer.Ordinal));

        // Ten minutes on, the reminder that starts in sixteen is read; the ones an hour and a day out are still not.
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(Starting(-30, 0, 5, 15, 16), Names(await soon.ReadRows(0, 0)));
    }

    [Fact]
    public async Task A_reminder_twice_in_one_batch_keeps_the_later_registration_and_versions_both()
    {
        var table = await TableAsync();
        var grain = GrainId.Create("ticket", "zendesk:twice");
        var other = GrainId.Create("ticket", "zendesk:other");

        var outcomes = await table.UpsertBatchAsync([Entry(grain, "sla-clock", 1), Entry(other, "sla-clock", 2), Entry(grain, "sla-clock", 3)]);

        Assert.Equal([0, 0, 1], outcomes.Select(o => o.Value));
        Assert.Equal(Start.AddMinutes(3), (await table.ReadRow(grain, "sla-clock"))!.StartAt);
    }

    [Fact]
    public async Task A_range_read_made_while_the_database_is_unreachable_answers_once_it_is_back()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("reminders");
        var direct = NpgsqlDataSource.Create(database);
        dataSources.Add(direct);
        var grain = GrainId.Create("ticket", "zendesk:outage");
        await new PostgresReminderTable(direct, "reminder-tests").UpsertRow(Entry(grain, "sla-clock", 1));

        // The same database through a port where nothing listens yet: connections are refused, as while it is down.
        var port = FreePorts.Next();
        var unreachable = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = port, Pooling = false }.ConnectionString);
        dataSources.Add(unreachable);
        var read = new PostgresReminderTable(unreachable, "reminder-tests").ReadRows(0, uint.MaxValue);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(2));
        Assert.False(read.IsCompleted, "the read gave up while the database was unreachable");

        using var forwarder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        forwarder.Start();
        using var stop = new CancellationTokenSource();
        var target = new NpgsqlConnectionStringBuilder(database);
        var forwarding = ForwardAsync(forwarder, target.Host!, target.Port, stop.Token);
        var rows = await read.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.Equal([grain], rows.Reminders.Select(r => r.GrainId));
        await forwarding;
    }

    /// <summary>Accepts connections and pipes each to the real server, both ways, until cancelled.</summary>
    private static async Task ForwardAsync(System.Net.Sockets.TcpListener listener, string host, int port, CancellationToken cancellationToken)
    {
        var pipes = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                var server = new System.Net.Sockets.TcpClient();
                await server.ConnectAsync(host, port, cancellationToken);
                pipes.Add(PipeAsync(client, server, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(pipes);
    }

    private static async Task PipeAsync(System.Net.Sockets.TcpClient client, System.Net.Sockets.TcpClient server, CancellationToken cancellationToken)
    {
        using (client)
        using (server)
        {
            try
            {
                await Task.WhenAny(
                    client.GetStream().CopyToAsync(server.GetStream(), cancellationToken),
                    server.GetStream().CopyToAsync(client.GetStream(), cancellationToken));
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    /// <summary>Whether <paramref name="hash"/> lies on the arc from <paramref name="begin"/> (excluded) to <paramref name="end"/> (included).</summary>
    private static bool InArc(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Entry(GrainId grain, string name, int minute) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = Start.AddMinutes(minute),
        Period = TimeSpan.FromSeconds(5),
    };

    private async Task<PostgresReminderTable> TableAsync() => (await TableAndSourceAsync()).Table;

    private async Task<(PostgresReminderTable Table, NpgsqlDataSource DataSource)> TableAndSourceAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("reminders");
        var dataSource = NpgsqlDataSource.Create(database);
        dataSources.Add(dataSource);
        return (new PostgresReminderTable(dataSource, "reminder-tests"), dataSource);
    }
}

using Npgsql;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>The digest ledger on a real PostgreSQL, one fresh migrated database per test.</summary>
public sealed class PostgresDigestLedgerTests : DigestLedgerContractTests, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> dataSources = [];

    [Fact]
    public async Task Touched_tickets_leave_out_those_that_were_never_the_teams()
    {
        var (ledger, index, trail) = await CreateAsync();
        var since = AsOf - TimeSpan.FromHours(1);
        await index.UpsertAsync(new TicketIndexEntry("zd:theirs", "other", null, "open", "active", null, since));
        await AppendAsync(trail, "zd:theirs", since, AuditAction.OwnerChanged, """{"team":"third","agent":null}""", """{"team":"other","agent":null}""");
        await AppendAsync(trail, "zd:theirs", since, AuditAction.SlaBreached, null, "{}");

        Assert.Empty(await ledger.ListTouchedTicketsAsync("desk", since));
    }

    [Fact]
    public async Task One_statement_for_several_callers_counts_a_fact_for_the_first_caller_that_handed_it_over()
    {
        var (ledger, _, _) = await CreateAsync();
        var postgres = (PostgresDigestLedger)ledger;
        var a = Fact("zd:1/created#0", DigestFactKinds.New);
        var b = Fact("zd:2/created#0", DigestFactKinds.New);
        var c = Fact("zd:3/created#0", DigestFactKinds.New);
        Assert.Equal([c], await ledger.AddFactsAsync([c]));

        var outcomes = await postgres.AddFactBatchAsync([[a], [b, a], [c, b]]);

        Assert.Equal([[a], [b], []], outcomes.Select(o => o.Value!.ToArray()));
        Assert.All(outcomes, o => Assert.Null(o.Error));
    }

    [Fact]
    public async Task One_statement_for_several_callers_keeps_each_tickets_latest_owner_change()
    {
        var (ledger, index, _) = await CreateAsync();
        var postgres = (PostgresDigestLedger)ledger;
        await index.UpsertAsync(new TicketIndexEntry("zd:n", "desk", null, "open", "active", null, AsOf));

        await postgres.NoteTicketBatchAsync(
        [
            [new DigestTicketNote("zd:n", AsOf - TimeSpan.FromDays(2), 2, AsOf - TimeSpan.FromHours(3))],
            [new DigestTicketNote("zd:n", AsOf - TimeSpan.FromDays(2), 1, AsOf - TimeSpan.FromMinutes(30))],
        ]);

        var measured = await ledger.MeasureAsync(new DigestMeasureRequest("desk", AsOf, TimeSpan.FromHours(1), TimeSpan.FromDays(2), 100));
        Assert.Equal(AsOf - TimeSpan.FromHours(3), Assert.Single(measured.Exceptions[0].Tickets).At);
    }

    protected override async Task<(IDigestLedger Ledger, ITicketIndex Index, IAuditTrail Trail)> CreateAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("digest");
        var dataSource = NpgsqlDataSource.Create(database);
        dataSources.Add(dataSource);
        return (new PostgresDigestLedger(dataSource), new PostgresTicketIndex(dataSource), new PostgresAuditTrail(dataSource));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }
}

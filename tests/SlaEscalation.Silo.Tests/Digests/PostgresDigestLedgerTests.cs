using Npgsql;
using SlaEscalation.Contracts.Audit;
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

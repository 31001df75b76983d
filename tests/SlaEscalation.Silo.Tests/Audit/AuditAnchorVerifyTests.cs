using System.Text.RegularExpressions;
using Npgsql;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Silo.Database;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Audit;

/// <summary>
/// <c>audit verify</c> on PostgreSQL with the anchor key: what hashes alone let pass (a chain's newest entries
/// deleted, a whole chain deleted, a database rolled back) is found, and what was written before anchors verifies.
/// </summary>
public sealed partial class AuditAnchorVerifyTests : AuditTrailContractTests, IAsyncDisposable
{
    private const string Secret = "audit-anchor-key-of-these-tests-0123456789";
    private readonly List<NpgsqlDataSource> dataSources = [];

    [Fact]
    public async Task A_truncated_chain_and_a_deleted_chain_pass_the_hashes_but_not_the_anchors()
    {
        var (database, trail, dataSource) = await CreateWithDataSourceAsync();
        var one = Chain("zendesk:1", 4);
        await trail.AppendAsync(one[..2]);
        await trail.AppendAsync(one[2..]);
        await trail.AppendAsync(Chain("zendesk:2", 3));
        await trail.AppendAsync(Chain("zendesk:3", 2));
        Assert.Equal(SiloCommandLine.ExitOk, (await VerifyAsync(database)).Exit);

        await ExecuteAsync(dataSource, "DELETE FROM sla_audit WHERE chain_key = 'zendesk:1' AND seq >= 3; DELETE FROM sla_audit WHERE chain_key = 'zendesk:2'");
        var withoutKey = await VerifyAsync(database, withKey: false);
        var withKey = await VerifyAsync(database);

        Assert.Equal(SiloCommandLine.ExitOk, withoutKey.Exit);
        Assert.Equal(["anchors: not checked: set Audit__AnchorKey to the silos' key.", $"{Describe(database)}: checked 2 audit chains, 4 entries: intact."], withoutKey.Lines);
        Assert.Equal(AuditCommand.ExitBroken, withKey.Exit);
        Assert.Equal(
            [
                "broken: chain zendesk:1 at sequence 3: truncated: the chain ends at sequence 2 but is anchored at 4: its newest entries were deleted",
                "broken: chain zendesk:2 at sequence 1: deleted: the chain is anchored at sequence 3 but holds no entries: it was deleted",
            ],
            withKey.Lines.Where(l => l.StartsWith("broken:", StringComparison.Ordinal)));
        Assert.Equal($"{Describe(database)}: checked 2 audit chains, 4 entries: 2 broken.", withKey.Lines[^1]);
    }

    [Fact]
    public async Task Entries_added_around_the_trail_and_a_changed_or_missing_anchor_are_found()
    {
        var (database, trail, dataSource) = await CreateWithDataSourceAsync();
        var one = Chain("zendesk:1", 3);
        await trail.AppendAsync(one[..2]);
        await trail.AppendAsync(Chain("zendesk:2", 1));

        // A valid next entry, hashed as any writer can, inserted without the trail.
        await new PostgresAuditTrail(dataSource).AppendAsync(one[2..]);
        Assert.Equal(
            "broken: chain zendesk:1 at sequence 3: not anchored: the chain is anchored at sequence 2 but holds entries up to 3: they were not appended through the trail",
            Assert.Single((await VerifyAsync(database)).Lines, l => l.StartsWith("broken:", StringComparison.Ordinal)));

        await ExecuteAsync(dataSource, "DELETE FROM sla_audit WHERE chain_key = 'zendesk:1' AND seq = 3; UPDATE sla_audit_anchor SET chain_seq = 1 WHERE seq = 1");
        Assert.Equal(
            "broken: chain audit-anchors at sequence 1: forged anchor: the anchor's digest is not the one the anchor key gives: it was changed, or made without the key",
            Assert.Single((await VerifyAsync(database)).Lines, l => l.StartsWith("broken:", StringComparison.Ordinal)));

        await ExecuteAsync(dataSource, "DELETE FROM sla_audit_anchor WHERE seq = 1");
        Assert.Equal(
            "broken: chain audit-anchors at sequence 1: gap: anchor 1 is missing: the next anchor stored is 2",
            Assert.Single((await VerifyAsync(database)).Lines, l => l.StartsWith("broken:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_rollback_to_an_older_consistent_state_is_found_by_the_kept_anchor_line()
    {
        var (database, trail, dataSource) = await CreateWithDataSourceAsync();
        var one = Chain("zendesk:1", 3);
        await trail.AppendAsync(one[..2]);
        await trail.AppendAsync(one[2..]);
        var kept = KeptAnchor().Match(string.Join('\n', (await VerifyAsync(database)).Lines));
        Assert.Equal("2", kept.Groups["sequence"].Value);

        // The state before the second append: its entry and its anchor both gone, everything left consistent.
        await ExecuteAsync(dataSource, "DELETE FROM sla_audit WHERE seq = 3; DELETE FROM sla_audit_anchor WHERE seq = 2");
        var unaware = await VerifyAsync(database);
        var aware = await VerifyAsync(database, "--anchor", kept.Groups["line"].Value);

        Assert.Equal(SiloCommandLine.ExitOk, unaware.Exit);
        Assert.StartsWith("anchors: 1 checked, 0 chains not anchored; latest anchor 1:", unaware.Lines[0], StringComparison.Ordinal);
        Assert.Equal(AuditCommand.ExitBroken, aware.Exit);
        Assert.Equal("broken: chain audit-anchors at sequence 2: rolled back: the kept anchor is no longer stored as it was", aware.Lines[0]);
    }

    [Fact]
    public async Task A_chain_that_is_not_there_is_named_with_exit_code_2_not_called_intact()
    {
        var (database, trail, _) = await CreateWithDataSourceAsync();
        await trail.AppendAsync(Chain("zendesk:1", 2));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync(["audit", "verify", "--postgres", database, $"--Audit:AnchorKey={Secret}", "--chain", "zendesk:2"], output, error);
        var found = await VerifyAsync(database, "--chain", "zendesk:1");

        Assert.Equal(SiloCommandLine.ExitBadSetup, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal(
            $"error: audit verify: there is no audit chain 'zendesk:2' at {Describe(database)}: a chain's key is its ticket's key (e.g. zendesk:1042) or config; nothing was checked." + Environment.NewLine,
            error.ToString());
        Assert.Equal((SiloCommandLine.ExitOk, $"{Describe(database)}: checked 1 audit chains, 2 entries: intact."), (found.Exit, found.Lines[^1]));
    }

    [Fact]
    public async Task Entries_written_before_anchors_and_entries_on_behalf_of_someone_verify()
    {
        var (database, trail, dataSource) = await CreateWithDataSourceAsync();
        var old = Chain("zendesk:1", 4);
        await new PostgresAuditTrail(dataSource).AppendAsync(old[..2]);
        await new PostgresAuditTrail(dataSource).AppendAsync(Chain("zendesk:2", 2));

        var onBehalf = AuditChain.Next("zendesk:1", AuditChainHead.Of(old[1]), Fact(3) with { TicketKey = "zendesk:1", Actor = "ops-key", OnBehalfOf = "carol" });
        await trail.AppendAsync([onBehalf]);
        var result = await VerifyAsync(database);

        Assert.Equal(SiloCommandLine.ExitOk, result.Exit);
        Assert.StartsWith("anchors: 1 checked, 1 chains not anchored; latest anchor 1:", result.Lines[0], StringComparison.Ordinal);
        Assert.Equal($"{Describe(database)}: checked 2 audit chains, 5 entries: intact.", result.Lines[1]);
        Assert.Equal(("ops-key", "carol"), ((await trail.ReadChainAsync("zendesk:1", 2, 1))[0].Actor, (await trail.ReadChainAsync("zendesk:1", 2, 1))[0].OnBehalfOf));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    protected override async Task<IAuditTrail> CreateAsync() => (await CreateWithDataSourceAsync()).Trail;

    private async Task<(string Database, IAuditTrail Trail, NpgsqlDataSource DataSource)> CreateWithDataSourceAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("anchor");
        var dataSource = NpgsqlDataSource.Create(database);
        dataSources.Add(dataSource);
        return (database, new PostgresAuditTrail(dataSource, AuditAnchorKey.FromSecret(Secret)), dataSource);
    }

    private static async Task<(int Exit, string[] Lines)> VerifyAsync(string database, params string[] more) =>
        await VerifyAsync(database, withKey: true, more);

    private static async Task<(int Exit, string[] Lines)> VerifyAsync(string database, bool withKey, params string[] more)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["audit", "verify", "--postgres", database, .. withKey ? [$"--Audit:AnchorKey={Secret}"] : Array.Empty<string>(), .. more];
        var exit = await SiloCommandLine.RunAsync(args, output, error);
        Assert.Equal(string.Empty, error.ToString());
        return (exit, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static string Describe(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    [GeneratedRegex("latest anchor (?<line>(?<sequence>[0-9]+):[0-9a-f]{64})")]
    private static partial Regex KeptAnchor();
}

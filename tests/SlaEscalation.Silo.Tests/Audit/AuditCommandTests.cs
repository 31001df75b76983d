using Npgsql;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Audit;

/// <summary><c>audit verify</c> on bad set-up: one line, exit code 2.</summary>
public sealed class AuditCommandTests
{
    [Fact]
    public async Task Audit_verify_without_a_database_prints_one_line_and_exits_2()
    {
        var (exit, error) = await RunAsync(["audit", "verify", "--ConnectionStrings:Postgres="]);

        Assert.Equal(
            (SiloCommandLine.ExitBadSetup, "error: audit verify needs a database: pass --postgres <connection string> or set ConnectionStrings__Postgres." + Environment.NewLine),
            (exit, error));
    }

    [Theory]
    [InlineData("--chian|zendesk:1", "audit verify: unknown option '--chian': it takes --postgres <connection string>, --chain <key>, --anchor <sequence>:<digest> and settings as --Section:Key=value.")]
    [InlineData("--anchors=1:ab", "audit verify: unknown option '--anchors': it takes --postgres <connection string>, --chain <key>, --anchor <sequence>:<digest> and settings as --Section:Key=value.")]
    [InlineData("zendesk:1", "audit verify: unexpected 'zendesk:1': it takes --postgres <connection string>, --chain <key>, --anchor <sequence>:<digest> and settings as --Section:Key=value.")]
    [InlineData("--chain|zendesk:1|--chain=zendesk:2", "audit verify: --chain is given more than once.")]
    [InlineData("--chain", "audit verify: --chain needs a value.")]
    public async Task Audit_verify_refuses_an_option_it_does_not_take_before_checking_anything(string options, string expected)
    {
        // Skipped, a mistyped --chain would check every chain and answer "intact" about the wrong thing.
        var (exit, error) = await RunAsync(["audit", "verify", "--postgres", "Host=127.0.0.1;Port=1", .. options.Split('|')]);

        Assert.Equal((SiloCommandLine.ExitBadSetup, "error: " + expected + Environment.NewLine), (exit, error));
    }

    [Fact]
    public async Task Migrate_refuses_any_option_but_its_database_and_settings()
    {
        var (exit, error) = await RunAsync(["migrate", "--Storage:Mode=durable", "--chain", "x", "--postgres", "Host=127.0.0.1;Port=1"]);

        Assert.Equal(
            (SiloCommandLine.ExitBadSetup, "error: migrate: unknown option '--chain': it takes --postgres <connection string> and settings as --Section:Key=value." + Environment.NewLine),
            (exit, error));
    }

    [Fact]
    public async Task Audit_without_verify_names_the_subcommand_and_exits_2()
    {
        var (exit, error) = await RunAsync(["audit", "--postgres", "Host=127.0.0.1"]);

        Assert.Equal(
            (SiloCommandLine.ExitBadSetup, "error: audit needs a subcommand: 'audit verify --postgres <connection string> [--chain <key>] [--anchor <sequence>:<digest>]'." + Environment.NewLine),
            (exit, error));
    }

    [Fact]
    public async Task Audit_verify_on_a_database_without_the_audit_migration_says_to_migrate_and_exits_2()
    {
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("audit_unmigrated");

        var (exit, error) = await RunAsync(["audit", "verify", "--postgres", database]);

        Assert.Equal(SiloCommandLine.ExitBadSetup, exit);
        Assert.Equal(
            $"error: PostgreSQL at {Describe(database)} has no audit trail (migration 0006_sla_audit is missing): run 'SlaEscalation.Silo migrate --postgres <connection string>' first." + Environment.NewLine,
            error);
    }

    private static string Describe(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static async Task<(int Exit, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SiloCommandLine.RunAsync(args, output, error);
        return (exit, error.ToString());
    }
}

using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Postgres_option_becomes_the_connection_string_setting()
    {
        Assert.Equal(
            ["--ConnectionStrings:Postgres=Host=db;Database=sla", "--Cluster:SiloPort=1"],
            SiloCommandLine.TranslateArguments(["--postgres", "Host=db;Database=sla", "--Cluster:SiloPort=1"]));
        Assert.Equal(
            ["--ConnectionStrings:Postgres=Host=db"],
            SiloCommandLine.TranslateArguments(["--postgres=Host=db"]));
    }

    [Fact]
    public void Postgres_option_without_a_value_is_a_startup_failure()
    {
        var failure = Assert.Throws<StartupFailure>(() => SiloCommandLine.TranslateArguments(["--postgres"]));
        Assert.StartsWith("--postgres needs a connection string", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_without_a_database_prints_one_line_and_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync(["migrate", "--ConnectionStrings:Postgres="], output, error);

        Assert.Equal(SiloCommandLine.ExitBadSetup, exit);
        Assert.Equal(
            "error: migrate needs a database: pass --postgres <connection string> or set ConnectionStrings__Postgres." + Environment.NewLine,
            error.ToString());
    }
}

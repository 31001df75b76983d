using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests.FirstRun;

/// <summary>Asking for help, or mistyping a command, prints the usage and exits 2; no silo starts.</summary>
public sealed class UsageTests
{
    // A silo that started would not return for as long as it runs.
    private static readonly TimeSpan NoSiloStarts = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("migrate", "--help")]
    [InlineData("--postgres", "Host=db", "-h")]
    public async Task Asking_for_help_prints_the_usage_to_standard_output_and_exits_2(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync(args, output, error).WaitAsync(NoSiloStarts);

        Assert.Equal(2, exit);
        Assert.Equal(SiloCommandLine.Usage + Environment.NewLine, output.ToString());
        Assert.Equal("", error.ToString());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("Migrate")]
    public async Task An_unknown_command_prints_its_name_and_the_usage_to_standard_error_and_exits_2(string command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync([command, "--postgres", "Host=db"], output, error).WaitAsync(NoSiloStarts);

        Assert.Equal(2, exit);
        Assert.Equal("", output.ToString());
        Assert.Equal($"error: unknown command '{command}'.{Environment.NewLine}{SiloCommandLine.Usage}{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void The_usage_names_every_command_and_the_settings_a_first_run_needs()
    {
        foreach (var expected in new[]
        {
            "SlaEscalation.Silo [--postgres <connection string>]", "SlaEscalation.Silo migrate --postgres", "SlaEscalation.Silo audit verify",
            "SlaEscalation.Silo help | --help | -h", "ConnectionStrings__Postgres", "Http__Port", "Http__ListenAddress",
            "Auth__ApiKeys__0__Name", "Auth__ApiKeys__0__Scopes=", "Sla__SeedConfigurationFile",
        })
        {
            Assert.Contains(expected, SiloCommandLine.Usage, StringComparison.Ordinal);
        }
    }
}

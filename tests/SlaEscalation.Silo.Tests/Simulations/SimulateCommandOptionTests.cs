using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>The <c>simulate</c> command's options, refused before anything is sent.</summary>
public sealed class SimulateCommandOptionTests
{
    [Theory]
    [InlineData("--team", "support", "error: simulate: unknown option '--team': ")]
    [InlineData("--dry-run", "yes", "error: simulate: unknown option '--dry-run': ")]
    [InlineData("--from", "2026-02-01", "error: simulate: --from is given more than once: ")]
    public async Task An_unknown_or_repeated_option_exits_2_naming_it_before_anything_is_sent(string option, string value, string start)
    {
        var candidate = Path.Combine(Path.GetTempPath(), $"candidate-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(candidate, "policies: []");
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Nothing listens on port 9: a command that went on would fail to connect, with exit code 1.
        var exit = await SiloCommandLine.RunAsync(
            ["simulate", "--config", candidate, "--from", "2026-01-01", "--to", "2026-01-02", "--server", "http://127.0.0.1:9", "--api-key", "k", option, value],
            output,
            error);
        File.Delete(candidate);

        Assert.Equal(SiloCommandLine.ExitBadSetup, exit);
        Assert.Equal(start + SimulateCommand.Usage + Environment.NewLine, error.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }
}

using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>The <c>simulate</c> command against a running silo.</summary>
public sealed class SimulateCommandTests(SimulationSiloFixture fixture) : IClassFixture<SimulationSiloFixture>
{
    [Fact]
    public async Task Simulate_prints_progress_then_the_summary_table()
    {
        var candidate = Path.Combine(Path.GetTempPath(), $"candidate-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(candidate, """
            policies:
              - id: urgent
                when: { priority: [urgent] }
                targets: { urgent: { first_reply: { target: PT5M, calendar: 24x7 } } }
                runbook: r
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync(
            ["simulate", "--config", candidate, "--from", fixture.CreatedAt.AddDays(-1).ToString("O"), "--to", DateTimeOffset.UtcNow.ToString("O"),
             "--server", fixture.Silo.Http.BaseAddress!.ToString(), "--api-key", SiloProcess.OperatorKey],
            output,
            error);
        File.Delete(candidate);

        Assert.True(exit == SiloCommandLine.ExitOk, $"{output}{error}");
        Assert.Contains("completed: 3 of 3 tickets looked at, 3 replayed", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| support | first_reply | urgent | 2 → **1** |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_candidate_ends_with_exit_code_2_naming_each_error()
    {
        var candidate = Path.Combine(Path.GetTempPath(), $"candidate-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(candidate, "policies: [{ id: p, targets: { urgent: { first_reply: { target: PT1H, calendar: 24x7 } } }, runbook: nowhere }]");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync(
            ["simulate", "--config", candidate, "--from", "2026-01-01", "--to", DateTimeOffset.UtcNow.ToString("O"),
             "--server", fixture.Silo.Http.BaseAddress!.ToString(), "--api-key", SiloProcess.OperatorKey],
            output,
            error);
        File.Delete(candidate);

        Assert.Equal(SiloCommandLine.ExitBadSetup, exit);
        Assert.True(error.ToString().Contains("  /candidate/policies/0/runbook: unknown runbook 'nowhere'", StringComparison.Ordinal), error.ToString());
    }
}

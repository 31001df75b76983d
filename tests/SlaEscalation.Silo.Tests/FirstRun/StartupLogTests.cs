using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.FirstRun;

/// <summary>
/// A durable silo set up as docs/operating.md says starts without a warning an operator cannot act on. The one
/// category allowed is Orleans' watchdog, whose stall warnings are real signals (docs/observability.md, Logs).
/// </summary>
public sealed class StartupLogTests
{
    private static readonly string[] Allowed = ["Orleans.Runtime.Watchdog"];

    [Fact]
    public async Task A_durable_silo_with_keys_and_an_anchor_key_logs_no_warning_at_start_beyond_the_watchdogs()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("startlog");
        var environment = SiloProcess.Environment("start-log", "start-log-" + Guid.NewGuid().ToString("N")[..8], database);
        environment["Audit__AnchorKey"] = "start-log-anchor-" + Guid.NewGuid().ToString("N");
        await using var silo = await SiloProcess.StartAsync(environment);

        // The last step of a start, after the host reports it started: the retention pass registered and running.
        await Eventually.TrueAsync(
            () => silo.Output.Contains("Retention of solved tickets running", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the retention pass started", () => "\n" + silo.Output);

        // A console log entry is its level and category on one line, its message on the next.
        var lines = silo.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var unexplained = lines
            .Select((line, i) => (line, message: i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty))
            .Where(e => e.line.StartsWith("warn: ", StringComparison.Ordinal) || e.line.StartsWith("fail: ", StringComparison.Ordinal) || e.line.StartsWith("crit: ", StringComparison.Ordinal))
            .Where(e => !Allowed.Contains(Category(e.line)))
            .Select(e => $"{e.line} {e.message}")
            .ToArray();
        Assert.True(unexplained.Length == 0, "warnings at start:\n" + string.Join("\n", unexplained));
    }

    private static string Category(string line) => line[6..line.IndexOf('[', StringComparison.Ordinal)];
}

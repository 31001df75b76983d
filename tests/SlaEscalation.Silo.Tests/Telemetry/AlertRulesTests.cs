using System.Diagnostics;

namespace SlaEscalation.Silo.Tests.Telemetry;

/// <summary>
/// The alert rules of the Kubernetes monitoring component, as Prometheus reads them: <c>promtool</c> accepts them, and
/// the bus pressure alert fires only once ingest has been refused for five minutes.
/// </summary>
public sealed class AlertRulesTests : IDisposable
{
    public const string Promtool = "/usr/bin/promtool";

    private readonly string directory = Directory.CreateTempSubdirectory("sla-rules-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var (status, output) = await PromtoolAsync("check", "rules", await WriteRulesAsync());
        Assert.True(status == 0, output);
        Assert.Contains("SUCCESS: 5 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_refused_for_bus_pressure_alerts_after_five_minutes_and_not_before()
    {
        var rules = await WriteRulesAsync();
        var test = Path.Combine(directory, "bus-pressure-test.yaml");
        await File.WriteAllTextAsync(test, $"""
            rule_files: ['{rules}']
            evaluation_interval: 15s
            tests:
              - interval: 15s
                input_series:
                  - series: 'sla_events_refused_total{"{"}reason="bus_pressure",instance="silo-0"{"}"}'
                    values: '0+3x80'
                alert_rule_test:
                  - eval_time: 4m
                    alertname: SlaIngestRefusedForBusPressure
                    exp_alerts: []
                  - eval_time: 8m
                    alertname: SlaIngestRefusedForBusPressure
                    exp_alerts:
                      - exp_labels:
                          severity: page
                        exp_annotations:
                          summary: Event ingest has answered 503 for bus pressure for 5 minutes
                          runbook: docs/observability.md#slaingestrefusedforbuspressure
            """);

        var (status, output) = await PromtoolAsync("test", "rules", test);

        Assert.True(status == 0, output);
    }

    /// <summary>The rules file Prometheus would load: the <c>spec</c> of the component's PrometheusRule.</summary>
    private async Task<string> WriteRulesAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot.Path, "deploy", "k8s", "components", "monitoring", "prometheusrule.yaml"));
        var spec = lines.SkipWhile(l => l != "spec:").Skip(1).Select(l => l.Length >= 2 ? l[2..] : l);
        var path = Path.Combine(directory, "rules.yaml");
        await File.WriteAllLinesAsync(path, spec);
        return path;
    }

    private static async Task<(int Status, string Output)> PromtoolAsync(params string[] arguments)
    {
        if (!File.Exists(Promtool))
        {
            throw new InvalidOperationException($"{Promtool} is missing: install Debian's 'prometheus' package (.ci/run does).");
        }

        var start = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}

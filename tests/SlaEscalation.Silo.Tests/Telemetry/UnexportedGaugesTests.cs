using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Silo.Telemetry;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Telemetry;

/// <summary>
/// The Orleans gauges whose reading walks every activation are never read by a scrape: a gauge of the same name on
/// Orleans' meter is not called back, while an ordinary one beside it is. (The dashboard's own collector reads only
/// the instruments of Orleans' meter instance, not these probes.)
/// </summary>
public sealed class UnexportedGaugesTests
{
    private const string Ordinary = "orleans-probe-ordinary";

    [Fact]
    public async Task A_scrape_reads_an_ordinary_orleans_gauge_and_never_the_ones_that_walk_every_activation()
    {
        var readings = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var meter = new Meter(TelemetryExtensions.OrleansMeter);
        foreach (var name in TelemetryExtensions.UnexportedOrleansGauges.Append(Ordinary))
        {
            meter.CreateObservableGauge(name, () =>
            {
                readings.AddOrUpdate(name, 1, (_, count) => count + 1);
                return 7L;
            });
        }

        static string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var managementPort = Port();
        await using var app = await SiloApplication.BuildAsync(
            [$"--Cluster:SiloPort={Port()}", $"--Http:Port={Port()}", $"--Management:Port={managementPort}", "--Management:ListenAddress=127.0.0.1"]);
        await app.StartAsync();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };

        var scrape = await management.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("orleans_probe_ordinary", scrape, StringComparison.Ordinal);
        Assert.True(readings.GetValueOrDefault(Ordinary) > 0, "the ordinary gauge was read");
        foreach (var name in TelemetryExtensions.UnexportedOrleansGauges)
        {
            Assert.DoesNotContain(name.Replace('-', '_'), scrape, StringComparison.Ordinal);
            Assert.False(readings.ContainsKey(name), name + " was read");
        }

        await app.StopAsync();
    }
}

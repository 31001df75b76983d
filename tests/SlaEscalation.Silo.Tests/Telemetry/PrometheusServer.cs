using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SlaEscalation.Silo.Tests.Telemetry;

/// <summary>
/// The machine's Prometheus (Debian's <c>prometheus</c> package), started on a loopback port with its own storage in a
/// temporary directory, scraping one target every second.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder output = new();

    private PrometheusServer(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client for its HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>What it printed, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (<c>host:port</c>) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's 'prometheus' package (.ci/run does).");
        }

        var directory = Directory.CreateTempSubdirectory("sla-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: sla-escalation
                static_configs:
                  - targets: ['{target}']
            """);
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--config.file=" + config);
        start.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "data"));
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"));
        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(
            async () => (await server.Http.GetAsync(new Uri("/-/ready", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "Prometheus ready", () => server.Output, retryOn: ex => ex is HttpRequestException);
        return server;
    }

    /// <summary>The value of an instant query's single series, or null when it has none.</summary>
    public async Task<double?> QueryAsync(string query)
    {
        var json = JsonNode.Parse(await Http.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative)))!;
        var result = json["data"]!["result"]!.AsArray();
        return result.Count == 0 ? null : double.Parse((string)result[0]!["value"]![1]!, CultureInfo.InvariantCulture);
    }

    /// <summary>Whether Prometheus evaluates <paramref name="query"/> without an error (a wrong name gives no data, not an error).</summary>
    public async Task<string> StatusOfAsync(string query)
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]! + " " + query;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Http.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}

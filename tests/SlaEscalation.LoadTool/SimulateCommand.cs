using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Simulation throughput: posts <c>tickets</c> tickets (created, a requester comment and an agent reply two minutes
/// later, three hours ago, under a 30-minute first reply), then replays them all under a candidate that gives one
/// minute, and prints tickets replayed per second on one durable silo.
/// </summary>
public sealed class SimulateCommand : ILoadCommand
{
    private readonly int tickets;
    private readonly int batch;
    private readonly int concurrency;

    public SimulateCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 100_000);
        batch = options.Int("batch", 1000);
        concurrency = options.Int("concurrency", 8);
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} tickets of 3 events (first reply after 2 min, target 30 min), replayed under a 1-minute candidate; one durable silo"));
        var (silo, ready) = await rig.StartSiloAsync("simulate", TimeSpan.FromSeconds(120));
        Figures.Print("silo start to ready", Figures.Ms(ready.TotalMilliseconds));
        using var poster = new EventPoster(silo, concurrency);
        await poster.PutPoliciesAsync(TimeSpan.FromMinutes(30), cancellationToken);
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var report = await poster.PostAsync(Workloads.Bodies(Workloads.Rounds("sim", tickets * 3, 3, start), batch).ToArray(), cancellationToken);
        Figures.Print("posting", string.Create(CultureInfo.InvariantCulture,
            $"{report.Accepted:N0} events accepted, {report.Failures:N0} refused in {report.Elapsed.TotalSeconds:F1} s"));

        var body = new JsonObject
        {
            ["candidate"] = new JsonObject { ["policies"] = JsonNode.Parse(CloudEventWriter.Policies(TimeSpan.FromMinutes(1))) },
            ["from"] = start.AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
            ["to"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var started = await silo.Http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), content, cancellationToken);
        if (!started.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /v1/simulations: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var clock = Stopwatch.StartNew();
        JsonElement view;
        while (true)
        {
            view = await silo.Http.GetFromJsonAsync<JsonElement>(started.Headers.Location!, cancellationToken);
            if (view.GetProperty("status").GetString() != "running")
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var seconds = (view.GetProperty("finishedAt").GetDateTimeOffset() - view.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
        var replayed = view.GetProperty("replayed").GetInt64();
        Figures.Print("simulation", string.Create(CultureInfo.InvariantCulture,
            $"{view.GetProperty("status").GetString()}: {replayed:N0} tickets looked at, {view.GetProperty("result").GetProperty("tickets").GetInt64():N0} replayed in {seconds:F1} s (waited {clock.Elapsed.TotalSeconds:F1} s)"));
        Figures.Print("tickets replayed per second, one silo", Figures.Rate(replayed / seconds));
        Figures.Print("silo after the simulation", await SiloGauges.DescribeMemoryAsync(silo));
        var breaches = view.GetProperty("result").GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("metric").GetString() == "first_reply")
            .Select(r => (Current: r.GetProperty("current").GetProperty("breaches").GetInt64(), Candidate: r.GetProperty("candidate").GetProperty("breaches").GetInt64()))
            .Aggregate((Current: 0L, Candidate: 0L), (sum, r) => (sum.Current + r.Current, sum.Candidate + r.Candidate));
        Figures.Print("first-reply breaches, current / candidate", string.Create(CultureInfo.InvariantCulture, $"{breaches.Current:N0} / {breaches.Candidate:N0}"));
    }
}

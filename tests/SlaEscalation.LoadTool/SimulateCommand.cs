using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Simulation throughput: posts <c>tickets</c> tickets (created, a requester comment and an agent reply two minutes
/// later, three hours ago, under a 30-minute first reply), then replays them all under a candidate that gives one
/// minute, and prints tickets replayed per second on one durable silo. Meanwhile <c>lag-tickets</c> live tickets reach
/// their first-reply deadlines during the replay (spread over <c>lag-window-seconds</c>, the first
/// <c>lag-lead-seconds</c> after the replay starts), so the same run shows whether the replay delays live breaches.
/// </summary>
public sealed class SimulateCommand : ILoadCommand
{
    private readonly int tickets;
    private readonly int batch;
    private readonly int concurrency;
    private readonly int lagTickets;
    private readonly TimeSpan lagWindow;
    private readonly TimeSpan lagLead;
    private readonly TimeSpan idleWithin;

    public SimulateCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 100_000);
        batch = options.Int("batch", 1000);
        concurrency = options.Int("concurrency", 8);
        lagTickets = options.Int("lag-tickets", 10_000);
        lagWindow = TimeSpan.FromSeconds(options.Double("lag-window-seconds", 120));
        lagLead = TimeSpan.FromSeconds(options.Double("lag-lead-seconds", 20));
        idleWithin = TimeSpan.FromSeconds(options.Double("idle-within-seconds", 240));
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

        await WaitForIdleTicketsAsync(silo, cancellationToken);

        // Live tickets whose deadlines fall while the replay runs: their breaches are the live work it must not delay.
        var target = TimeSpan.FromMinutes(30);
        var firstDeadline = DateTimeOffset.UtcNow + lagLead;
        var deadlines = Enumerable.Range(0, lagTickets).Select(i => firstDeadline + lagWindow * i / lagTickets).ToArray();
        var live = deadlines.Select((deadline, i) => new LoadEvent($"load:simlag-{i}", 0, deadline - target)).ToArray();
        if (lagTickets > 0)
        {
            var posted = await poster.PostAsync(Workloads.Bodies(live, batch).ToArray(), cancellationToken);
            Figures.Print("live tickets posted", string.Create(CultureInfo.InvariantCulture,
                $"{posted.Accepted:N0} accepted, deadlines over {lagWindow.TotalSeconds:F0} s from {(firstDeadline - DateTimeOffset.UtcNow).TotalSeconds:F0} s on"));
        }

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

        if (lagTickets > 0)
        {
            await PrintLiveLagAsync(silo, live, deadlines, view, cancellationToken);
        }

        var seconds = (view.GetProperty("finishedAt").GetDateTimeOffset() - view.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
        var replayed = view.GetProperty("replayed").GetInt64();
        Figures.Print("simulation", string.Create(CultureInfo.InvariantCulture,
            $"{view.GetProperty("status").GetString()}: {replayed:N0} tickets looked at, {view.GetProperty("result").GetProperty("tickets").GetInt64():N0} replayed in {seconds:F1} s (waited {clock.Elapsed.TotalSeconds:F1} s)"));
        Figures.Print("tickets replayed per second, one silo", Figures.Rate(replayed / seconds));
        Figures.Print("silo after the simulation", await SiloGauges.DescribeMemoryAsync(silo));
        Figures.Print("most activations after the simulation", await SiloGauges.DescribeActivationsAsync(silo));
        var breaches = view.GetProperty("result").GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("metric").GetString() == "first_reply")
            .Select(r => (Current: r.GetProperty("current").GetProperty("breaches").GetInt64(), Candidate: r.GetProperty("candidate").GetProperty("breaches").GetInt64()))
            .Aggregate((Current: 0L, Candidate: 0L), (sum, r) => (sum.Current + r.Current, sum.Candidate + r.Candidate));
        Figures.Print("first-reply breaches, current / candidate", string.Create(CultureInfo.InvariantCulture, $"{breaches.Current:N0} / {breaches.Candidate:N0}"));
    }

    /// <summary>
    /// Waits (at most <see cref="idleWithin"/>) until the posted tickets have gone idle and deactivated, as the
    /// history of a past quarter has: a replay that reads tickets still active from their posting cannot show what
    /// reading history costs. Prints the silo as the replay finds it.
    /// </summary>
    private async Task WaitForIdleTicketsAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < idleWithin && await SiloGauges.OrleansStatisticsAsync(silo) is { } statistics && statistics.Activations > tickets / 10)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        var memory = await SiloGauges.DescribeMemoryAsync(silo);
        Figures.Print("silo before the simulation", string.Create(CultureInfo.InvariantCulture,
            $"{memory} (after {waited.Elapsed.TotalSeconds:F0} s waiting for idle tickets)"));
    }

    /// <summary>Waits for the last live deadline, then prints the live breaches' lag, and how many fell during the replay.</summary>
    private static async Task PrintLiveLagAsync(
        SiloProcess silo, IReadOnlyList<LoadEvent> live, IReadOnlyList<DateTimeOffset> deadlines, JsonElement view, CancellationToken cancellationToken)
    {
        var waitUntil = deadlines[^1] + TimeSpan.FromSeconds(20);
        if (waitUntil > DateTimeOffset.UtcNow)
        {
            await Task.Delay(waitUntil - DateTimeOffset.UtcNow, cancellationToken);
        }

        var (replayStarted, replayFinished) = (view.GetProperty("startedAt").GetDateTimeOffset(), view.GetProperty("finishedAt").GetDateTimeOffset());
        var views = await TicketReader.ReadAsync(silo, live.Select(e => e.Ticket), 16, cancellationToken);
        var breaches = views.Values.Select(TicketReader.FirstReplyBreach).OfType<EmittedTransitionView>().ToArray();
        var during = breaches.Where(b => b.At >= replayStarted && b.At <= replayFinished).Select(b => (b.EmittedAt - b.At).TotalMilliseconds).ToArray();
        Figures.Print("live breaches fired", string.Create(CultureInfo.InvariantCulture,
            $"{breaches.Length:N0} of {live.Count:N0}; {during.Length:N0} fell due while the replay ran"));
        Figures.Print("live detection lag during the replay (goal p99 <= 1 s)", during.Length == 0 ? "none fell due during the replay" : Figures.Distribution(during));
        Figures.Print("live detection lag, all", Figures.Distribution(breaches.Select(b => (b.EmittedAt - b.At).TotalMilliseconds)));
    }
}

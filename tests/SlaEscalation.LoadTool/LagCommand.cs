using System.Globalization;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Detection lag under load: tickets whose first-reply deadlines fall inside one window, each created so long ago
/// that its deadline is <c>lead</c> to <c>lead + window</c> from the start; once every deadline has passed, each
/// ticket's <c>first_reply/breached</c> transition gives lag = emittedAt - at.
/// </summary>
public sealed class LagCommand : ILoadCommand
{
    private readonly int tickets;
    private readonly TimeSpan window;
    private readonly TimeSpan lead;
    private readonly TimeSpan target;
    private readonly TimeSpan grace;
    private readonly int batch;
    private readonly int concurrency;

    public LagCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 10_000);
        window = TimeSpan.FromSeconds(options.Double("window-seconds", 60));
        lead = TimeSpan.FromSeconds(options.Double("lead-seconds", 60));
        target = TimeSpan.FromMinutes(options.Double("target-minutes", 10));
        grace = TimeSpan.FromSeconds(options.Double("grace-seconds", 20));
        batch = options.Int("batch", 500);
        concurrency = options.Int("concurrency", 8);
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} tickets (one ticket.created each, first reply {target.TotalMinutes:F0} min, at-risk at 50% so emitted on ingest) with deadlines spread evenly over {window.TotalSeconds:F0} s starting {lead.TotalSeconds:F0} s after posting starts; batches of {batch}, {concurrency} in flight; one durable silo"));
        var (silo, ready) = await rig.StartSiloAsync("lag", TimeSpan.FromSeconds(120));
        Figures.Print("silo start to ready", Figures.Ms(ready.TotalMilliseconds));
        using var poster = new EventPoster(silo, concurrency);
        await poster.PutPoliciesAsync(target, cancellationToken);

        var first = DateTimeOffset.UtcNow + lead;
        var deadlines = Enumerable.Range(0, tickets).Select(i => first + window * i / tickets).ToArray();
        var events = deadlines.Select((deadline, i) => new LoadEvent($"load:lag-{i}", 0, deadline - target));
        var report = await poster.PostAsync(Workloads.Bodies(events, batch).ToArray(), cancellationToken);
        var posted = DateTimeOffset.UtcNow;
        Figures.Print("posting", string.Create(CultureInfo.InvariantCulture,
            $"{report.Accepted:N0} accepted, {report.Failures:N0} refused in {report.Elapsed.TotalSeconds:F1} s ({Figures.Rate(report.Accepted / report.Elapsed.TotalSeconds)})"));
        var postedLate = deadlines.Count(d => d < posted);
        if (postedLate > 0)
        {
            Figures.Note($"posting ended after {postedLate:N0} deadlines had passed: their lag includes ingest; use a longer --lead-seconds");
        }

        var cpuBefore = SiloGauges.CpuTime(silo.ProcessId);
        var waitUntil = deadlines[^1] + grace;
        if (waitUntil > DateTimeOffset.UtcNow)
        {
            await Task.Delay(waitUntil - DateTimeOffset.UtcNow, cancellationToken);
        }

        var windowCpu = SiloGauges.CpuTime(silo.ProcessId) - cpuBefore;
        var memory = await SiloGauges.DescribeMemoryAsync(silo);
        Figures.Print("silo during the deadline window", string.Create(CultureInfo.InvariantCulture,
            $"CPU {windowCpu.TotalSeconds:F1} s over {(waitUntil - posted).TotalSeconds:F0} s; {memory}"));

        var readStarted = DateTimeOffset.UtcNow;
        var views = await TicketReader.ReadAsync(silo, events.Select(e => e.Ticket), 16, cancellationToken);
        var breaches = views.Values.Select(TicketReader.FirstReplyBreach).OfType<EmittedTransitionView>().ToArray();
        var lags = breaches.Select(b => (b.EmittedAt - b.At).TotalMilliseconds).ToArray();
        Figures.Print("breaches fired", string.Create(CultureInfo.InvariantCulture,
            $"{breaches.Length:N0} of {tickets:N0} ({breaches.Count(b => b.EmittedAt < readStarted):N0} before the read-back began)"));
        Figures.Print("detection lag, emittedAt - at (goal p99 <= 1 s)", Figures.Distribution(lags));
        Figures.Print("lag over 1 s / over 10 s", string.Create(CultureInfo.InvariantCulture, $"{lags.Count(l => l > 1_000):N0} / {lags.Count(l => l > 10_000):N0}"));
        Figures.Print("p99 lag per 10 s of the window", string.Join(' ', breaches
            .GroupBy(b => (int)((b.At - first) / TimeSpan.FromSeconds(10)))
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key * 10}s:{Figures.Percentile(g.Select(b => (b.EmittedAt - b.At).TotalMilliseconds).Order().ToArray(), 99):N0}ms"))));
    }
}

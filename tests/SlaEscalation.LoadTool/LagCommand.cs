using System.Globalization;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Detection lag under load: tickets whose first-reply deadlines fall inside one window, each created so long ago
/// that its deadline is <c>lead</c> to <c>lead + window</c> from the start; once every deadline has passed, each
/// ticket's <c>first_reply/breached</c> transition gives lag = emittedAt - at. With <c>--runbook on</c> every breach
/// also escalates: level 1 on the breach (through the event bus), level 2 <see cref="SecondLevelAfter"/> later (from
/// the escalation's own reminder), and each level's lateness is when it was raised minus when it was due.
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
    private readonly Dictionary<string, string> siloEnvironment;
    private readonly string? secondsFile;
    private readonly bool runbook;

    /// <summary>How long after the breach the runbook's second level is due (<c>breached_for</c>).</summary>
    private static readonly TimeSpan SecondLevelAfter = TimeSpan.FromSeconds(20);

    private const string Runbook = "load-lag";

    public LagCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 10_000);
        window = TimeSpan.FromSeconds(options.Double("window-seconds", 60));
        lead = TimeSpan.FromSeconds(options.Double("lead-seconds", 60));
        // Each ticket is created its target before its deadline; a creation time in the future is refused by the
        // gateway (clock skew), so a long window needs a target at least as long as the lead and the window.
        target = TimeSpan.FromMinutes(options.Double("target-minutes", Math.Max(10, Math.Ceiling((lead + window).TotalMinutes))));
        grace = TimeSpan.FromSeconds(options.Double("grace-seconds", 20));
        batch = options.Int("batch", 500);
        concurrency = options.Int("concurrency", 8);
        siloEnvironment = options.SiloEnvironment();
        secondsFile = options.String("seconds-csv");
        runbook = options.OnOff("runbook", false);
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} tickets (one ticket.created each, first reply {target.TotalMinutes:F0} min, at risk at half of it) with deadlines spread evenly over {window.TotalSeconds:F0} s starting {lead.TotalSeconds:F0} s after posting starts; batches of {batch}, {concurrency} in flight; one durable silo"));
        var managementPort = FreePorts.Next();
        var environment = new Dictionary<string, string>(siloEnvironment, StringComparer.Ordinal)
        {
            ["Management__Port"] = managementPort.ToString(CultureInfo.InvariantCulture),
        };
        var (silo, ready) = await rig.StartSiloAsync("lag", TimeSpan.FromSeconds(120), environment);
        Figures.Print("silo start to ready", Figures.Ms(ready.TotalMilliseconds));
        if (siloEnvironment.Count > 0)
        {
            Figures.Print("silo environment", string.Join(' ', siloEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        await using var runtime = RuntimeSampler.Start(managementPort);
        using var poster = new EventPoster(silo, concurrency);
        if (runbook)
        {
            await poster.PutAsync("/v1/runbooks/" + Runbook, System.Text.Encoding.UTF8.GetBytes($$"""
                { "levels": [
                  { "trigger": "breached", "owner": "user:lag-lead", "actions": ["notify"], "ackWithin": "PT1H" },
                  { "trigger": "breached_for {{System.Xml.XmlConvert.ToString(SecondLevelAfter)}}", "owner": "user:lag-manager", "actions": ["notify"], "ackWithin": "PT1H" }
                ] }
                """), cancellationToken);
            Figures.Print("runbook", $"every breach escalates: level 1 on the breach, level 2 {SecondLevelAfter.TotalSeconds:F0} s after it");
        }

        await poster.PutPoliciesAsync(target, cancellationToken, runbook ? Runbook : null);

        var first = DateTimeOffset.UtcNow + lead;
        var deadlines = Enumerable.Range(0, tickets).Select(i => first + window * i / tickets).ToArray();
        var events = deadlines.Select((deadline, i) => new LoadEvent($"load:lag-{i}", 0, deadline - target));
        var report = await poster.PostAsync(Workloads.Bodies(events, batch).ToArray(), cancellationToken);
        var posted = DateTimeOffset.UtcNow;
        Figures.Print("posting", string.Create(CultureInfo.InvariantCulture,
            $"{report.Accepted:N0} accepted, {report.Failures:N0} refused in {report.Elapsed.TotalSeconds:F1} s ({Figures.Rate(report.Accepted / report.Elapsed.TotalSeconds)})"));
        if (report.FirstFailure is { } failure)
        {
            Figures.Note("first refusal: " + failure);
        }

        var postedLate = deadlines.Count(d => d < posted);
        if (postedLate > 0)
        {
            Figures.Note($"posting ended after {postedLate:N0} deadlines had passed: their lag includes ingest; use a longer --lead-seconds");
        }

        var cpuBefore = SiloGauges.CpuTime(silo.ProcessId);
        var waitUntil = deadlines[^1] + (runbook ? SecondLevelAfter : TimeSpan.Zero) + grace;
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
        var slice = window >= TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(10);
        Figures.Print($"p99 / max lag per {(slice.TotalMinutes >= 1 ? "minute" : "10 s")} of the window", string.Join(' ', breaches
            .GroupBy(b => (int)((b.At - first) / slice))
            .OrderBy(g => g.Key)
            .Select(g => g.Select(b => (b.EmittedAt - b.At).TotalMilliseconds).Order().ToArray())
            .Select((sorted, i) => string.Create(CultureInfo.InvariantCulture, $"{i * slice.TotalSeconds:F0}s:{Figures.Percentile(sorted, 99):N0}/{sorted[^1]:N0}ms"))));

        // At risk at half the target: the tickets whose at-risk instant fell after posting ended fired it live.
        var atRisk = views.Values.Select(v => v?.Transitions.FirstOrDefault(t => t.TransitionId == "first_reply/at_risk"))
            .OfType<EmittedTransitionView>().Where(t => t.At > posted).ToArray();
        Figures.Print("at-risk fired live (at after posting ended)", string.Create(CultureInfo.InvariantCulture,
            $"{atRisk.Length:N0} of {deadlines.Count(d => d - target / 2 > posted):N0} due; lag {Figures.Distribution(atRisk.Select(t => (t.EmittedAt - t.At).TotalMilliseconds))}"));
        if (runbook)
        {
            await PrintEscalationsAsync(silo, events.ToDictionary(e => e.Ticket, e => e.Time + target, StringComparer.Ordinal), cancellationToken);
        }

        runtime.PrintPerMinute(first, waitUntil);
        if (secondsFile is not null)
        {
            await PerSecond.WriteAsync(secondsFile, first, breaches, atRisk, runtime.Samples, cancellationToken);
            Figures.Print("per second of the window", secondsFile);
        }

        Figures.Print("silo warnings: slow grain turns", string.Create(CultureInfo.InvariantCulture,
            $"{silo.Output.Split('\n').Count(l => l.Contains("WorkItemGroup", StringComparison.Ordinal)):N0} WorkItemGroup lines in the silo log"));
    }

    /// <summary>Each level's lateness: level 1 from the breach transition over the bus, level 2 from the escalation's reminder.</summary>
    private static async Task PrintEscalationsAsync(SiloProcess silo, Dictionary<string, DateTimeOffset> deadlines, CancellationToken cancellationToken)
    {
        var escalations = await EscalationReader.ReadAllAsync(silo, cancellationToken);
        var first = new List<double>();
        var second = new List<double>();
        foreach (var escalation in escalations)
        {
            if (!deadlines.TryGetValue(escalation.TicketKey, out var deadline))
            {
                continue;
            }

            if (EscalationReader.RaisedAt(escalation, 1) is { } raised)
            {
                first.Add((raised - deadline).TotalMilliseconds);
            }

            if (EscalationReader.RaisedAt(escalation, 2) is { } raisedNext)
            {
                second.Add((raisedNext - deadline - SecondLevelAfter).TotalMilliseconds);
            }
        }

        EscalationReader.PrintLateness("escalation level 1 (on the breach), raised - due", first, deadlines.Count);
        EscalationReader.PrintLateness($"escalation level 2 ({SecondLevelAfter.TotalSeconds:F0} s later, its reminder), raised - due", second, deadlines.Count);
    }
}

using System.Globalization;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Events per second end to end (HTTP batches through one durable silo, or several of one cluster with the requests
/// spread over their gateways, into PostgreSQL), then, on the same server and database, single-row ~1 KB upserts per
/// second at the same concurrency, and the ratio of the two.
/// </summary>
public sealed class IngestCommand : ILoadCommand
{
    private readonly int events;
    private readonly int concurrency;
    private readonly int batch;
    private readonly int perTicket;
    private readonly int upsertSeconds;
    private readonly int warmUp;
    private readonly Dictionary<string, string> siloEnvironment;
    private readonly int warmUpRound;
    private readonly int siloCount;
    private readonly string via;
    private readonly int viaEvents;
    private readonly bool telemetry;
    private readonly bool runtime;

    public IngestCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        events = options.Int("events", 50_000);
        concurrency = options.Int("concurrency", 32);
        batch = options.Int("batch", 100);
        perTicket = options.Int("events-per-ticket", 4);
        upsertSeconds = options.Int("upsert-seconds", 20);
        warmUp = options.Int("warm-up", 200_000);
        siloEnvironment = options.SiloEnvironment();
        warmUpRound = options.Int("warm-up-round", 25_000);
        if (warmUp < 0 || warmUpRound < 1)
        {
            throw new ArgumentException("--warm-up is at least 0 events, --warm-up-round at least 1");
        }

        via = options.String("via") ?? "cloudevents";
        if (via is not ("cloudevents" or "zendesk"))
        {
            throw new ArgumentException("--via is cloudevents or zendesk");
        }

        viaEvents = options.Int("via-events", 20_000);
        telemetry = options.OnOff("telemetry", false);
        runtime = options.OnOff("runtime", true);
        siloCount = options.Int("silos", 1);
        if (siloCount < 1)
        {
            throw new ArgumentException("--silos is at least 1");
        }
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var tickets = (events + perTicket - 1) / perTicket;
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{events:N0} events = {tickets:N0} tickets x {perTicket} (created, requester comment, agent reply, pending, ...), posted in rounds so each batch of {batch} holds {batch} different tickets; {concurrency} requests in flight{(siloCount > 1 ? $", spread over the gateways of {siloCount} silos" : string.Empty)}; then {concurrency} connections upserting for {upsertSeconds} s"));

        if (siloEnvironment.Count > 0)
        {
            Figures.Print("silo environment", string.Join(' ', siloEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        var silos = new List<Testing.SiloProcess>();
        var managementPorts = new List<int>();
        for (var n = 1; n <= siloCount; n++)
        {
            // The management port serves the runtime's figures; scraped only before and after the measured run, its
            // exporter costs nothing in between. --runtime off --telemetry off: a silo without it.
            var managementPort = telemetry || runtime ? Testing.FreePorts.Next() : (int?)null;
            if (managementPort is { } port)
            {
                managementPorts.Add(port);
            }

            var (started, ready) = await rig.StartSiloAsync(siloCount == 1 ? "ingest" : $"ingest-{n}", TimeSpan.FromSeconds(120),
                new Dictionary<string, string>(siloEnvironment, StringComparer.Ordinal)
                {
                    [$"Adapters__{ZendeskWebhookWriter.Connection}__Secret"] = ZendeskWebhookWriter.Secret,

                    // --telemetry on: spans recorded too (exported nowhere), to price them.
                    ["Management__Port"] = managementPort?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    ["Telemetry__Tracing"] = telemetry ? "true" : "false",
                });
            silos.Add(started);
            Figures.Print(siloCount == 1 ? "silo start to ready" : $"silo {n} of {siloCount} start to ready", Figures.Ms(ready.TotalMilliseconds));
        }

        if (siloCount > 1)
        {
            await WaitForClusterAsync(silos, cancellationToken);
        }

        using var poster = new EventPoster(silos, concurrency);
        await poster.PutPoliciesAsync(TimeSpan.FromHours(1), cancellationToken);

        // Created ten minutes ago with an hour to first reply: no clock crosses a threshold during the run, so the
        // figure is ingest alone.
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var cold = await WarmUpAsync(silos, poster, start, cancellationToken);

        var bodies = Workloads.Bodies(Workloads.Rounds("ingest", events, perTicket, start), batch).ToArray();
        var before = await DatabaseCounters.ReadAsync(rig.Database);
        if (rig.TracksStatements)
        {
            await StatementProfile.ResetAsync(rig.Database);
        }

        var runtimeBefore = await ScrapeAsync(managementPorts, cancellationToken);
        var cpuBefore = SilosCpu(silos);
        var serverBefore = await ServerCpu.ReadAsync(rig.Database);
        var clientBefore = Environment.CpuUsage.TotalTime;
        var report = await poster.PostAsync(bodies, cancellationToken);
        var cpu = SilosCpu(silos) - cpuBefore;
        var runtimeAfter = await ScrapeAsync(managementPorts, cancellationToken);
        var clientCpu = Environment.CpuUsage.TotalTime - clientBefore;
        var serverCpu = await ServerCpu.ReadAsync(rig.Database) is { } serverAfter && serverBefore is not null ? serverAfter - serverBefore : null;
        var after = await DatabaseCounters.ReadAsync(rig.Database);

        var ingestRate = report.Accepted / report.Elapsed.TotalSeconds;
        Figures.Print("ingest, events/s end to end", string.Create(CultureInfo.InvariantCulture,
            $"{Figures.Rate(ingestRate)} ({report.Accepted:N0} accepted, {report.Duplicates:N0} duplicates, {report.Failures:N0} refused, {report.Retries:N0} 503 retries in {report.Elapsed.TotalSeconds:F1} s)"));
        if (report.FirstFailure is not null)
        {
            Figures.Note($"first refusal: {report.FirstFailure}");
        }

        Figures.Print("ingest, request latency", Figures.Distribution(report.LatenciesMs));
        if (via == "zendesk")
        {
            await CompareZendeskAsync(poster, start, cancellationToken);
        }

        Figures.Print(siloCount == 1 ? "ingest, silo CPU" : $"ingest, CPU of the {siloCount} silos", string.Create(CultureInfo.InvariantCulture,
            $"{cpu.TotalSeconds:F1} s over {report.Elapsed.TotalSeconds:F1} s = {cpu.TotalSeconds / report.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores; {cpu.TotalMilliseconds * 1000 / Math.Max(1, report.Accepted):N0} us per event"));
        Figures.Print("ingest, CPU per event", PerItem(cpu, serverCpu?.Total, clientCpu, report.Accepted));
        if (runtimeBefore.Count > 0)
        {
            var accepted = Math.Max(1, report.Accepted);
            double Delta(Func<RuntimeSampler.Sample, double> figure) => runtimeAfter.Sum(figure) - runtimeBefore.Sum(figure);
            var pause = Delta(s => s.GcPauseSeconds);
            Figures.Print("ingest, silo runtime per event", string.Create(CultureInfo.InvariantCulture,
                $"{Delta(s => s.AllocatedBytes) / 1024 / accepted:N1} KB allocated, {Delta(s => s.WorkItems) / accepted:N1} thread-pool work items; GC paused {pause * 1000:N0} ms ({pause / report.Elapsed.TotalSeconds / silos.Count * 100:N0}% of the run) in {Delta(s => s.Gen0):N0} gen0, {Delta(s => s.Gen1):N0} gen1, {Delta(s => s.Gen2):N0} gen2 collections"));
        }

        if (serverCpu is not null)
        {
            Figures.Note("PostgreSQL CPU per event by process: " + ByKind(serverCpu, report.Accepted));
        }

        foreach (var line in after.DescribePerEvent(before, report.Accepted))
        {
            Figures.Note(line);
        }

        if (rig.TracksStatements)
        {
            foreach (var line in await StatementProfile.DescribeAsync(rig.Database, report.Accepted, top: 12))
            {
                Figures.Note(line);
            }
        }

        // The silos stay up but idle: their clocks are an hour away, so they do not compete with the ceiling.
        var siloIdle = SilosCpu(silos);
        serverBefore = await ServerCpu.ReadAsync(rig.Database);
        clientBefore = Environment.CpuUsage.TotalTime;
        var (upserts, upsertRate) = await UpsertCeiling.MeasureAsync(rig.Database, concurrency, tickets, TimeSpan.FromSeconds(upsertSeconds), cancellationToken);
        clientCpu = Environment.CpuUsage.TotalTime - clientBefore;

        // The ceiling's connections have just closed: their backends are gone once the postmaster has reaped them.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        serverCpu = await ServerCpu.ReadAsync(rig.Database) is { } ceilingAfter && serverBefore is not null ? ceilingAfter - serverBefore : null;
        Figures.Print("raw upserts/s, same server", string.Create(CultureInfo.InvariantCulture,
            $"{Figures.Rate(upsertRate)} ({upserts:N0} single-row 1 KB upserts on {concurrency} connections in {upsertSeconds} s, over {tickets:N0} keys)"));
        Figures.Print("raw upserts, CPU per upsert", PerItem(SilosCpu(silos) - siloIdle, serverCpu?.Total, clientCpu, upserts));
        if (serverCpu is not null)
        {
            Figures.Note("PostgreSQL CPU per upsert by process: " + ByKind(serverCpu, upserts));
        }

        if (cold is { } first)
        {
            var coldRate = first.Accepted / first.Elapsed.TotalSeconds;
            Figures.Print($"ratio cold / steady, the silo's first {first.Accepted:N0} events (goal >= 0.5)", string.Create(CultureInfo.InvariantCulture,
                $"{coldRate / ingestRate:F2} ({Figures.Rate(coldRate)} against {Figures.Rate(ingestRate)})"));
        }

        Figures.Print("ratio ingest / raw upserts (goal >= 1.0)", string.Create(CultureInfo.InvariantCulture, $"{ingestRate / upsertRate:F2}"));
    }

    /// <summary>How many events a cold silo's rate is measured over: the first rounds of the warm-up, up to this.</summary>
    private const int ColdEvents = 50_000;

    /// <summary>
    /// A silo just started still compiles its hot paths: tiered JIT keeps rewriting them for tens of seconds under
    /// load on two cores, and the first rounds of 25,000 events cost two to three times the CPU per event of the later
    /// ones (495, 576, 385, 261, 180 us, then 140 to 225 us). The figure is the steady state of a silo that has run for
    /// a while, so the warm-up posts <c>--warm-up</c> events on tickets of their own first, in rounds, and prints each
    /// round. A fixed amount, not a stopping rule: at steady state a round still varies by a sixth either way (a
    /// background collection falls in one round and not the next), so no rule told the plateau from the fall.
    /// </summary>
    /// <returns>
    /// The events accepted and the time taken by the first rounds that hold <see cref="ColdEvents"/>: the cold
    /// silo's rate. Null without a warm-up that long.
    /// </returns>
    private async Task<(long Accepted, TimeSpan Elapsed)?> WarmUpAsync(List<Testing.SiloProcess> silos, EventPoster poster, DateTimeOffset start, CancellationToken cancellationToken)
    {
        if (warmUp == 0)
        {
            Figures.Note("warm-up: none (--warm-up 0); the figure includes the silo's compilation of its hot paths");
            return null;
        }

        var (coldAccepted, coldElapsed) = (0L, TimeSpan.Zero);
        var rounds = new List<string>();
        for (var (round, left) = (1, warmUp); left > 0; round++, left -= warmUpRound)
        {
            var cpuBefore = SilosCpu(silos);
            var warm = await poster.PostAsync(
                Workloads.Bodies(Workloads.Rounds($"warm{round}", Math.Min(left, warmUpRound), perTicket, start), batch).ToArray(), cancellationToken);
            var perEvent = (SilosCpu(silos) - cpuBefore).TotalMilliseconds * 1000 / Math.Max(1, warm.Accepted);
            if (coldAccepted < ColdEvents)
            {
                (coldAccepted, coldElapsed) = (coldAccepted + warm.Accepted, coldElapsed + warm.Elapsed);
            }

            rounds.Add(string.Create(CultureInfo.InvariantCulture, $"{warm.Accepted / warm.Elapsed.TotalSeconds:N0}/s at {perEvent:N0} us"));
        }

        Figures.Note(string.Create(CultureInfo.InvariantCulture,
            $"warm-up, not counted: {warmUp:N0} events on other tickets in rounds of {warmUpRound:N0}, events/s at silo CPU per event: {string.Join(", ", rounds)}"));
        return coldAccepted >= ColdEvents ? (coldAccepted, coldElapsed) : null;
    }

    /// <summary>
    /// The same story as one event per request twice, on tickets of their own: CloudEvents to <c>/v1/events</c>, then
    /// signed Zendesk webhooks to the Zendesk adapter. One event per request on both sides, as Zendesk sends them, so
    /// the ratio is what the adapter (signature, mapping) costs over the generic door.
    /// </summary>
    private async Task CompareZendeskAsync(EventPoster poster, DateTimeOffset start, CancellationToken cancellationToken)
    {
        await poster.PutAsync($"/v1/connections/{ZendeskWebhookWriter.Connection}", """{"kind": "zendesk"}"""u8.ToArray(), cancellationToken);
        var cloudEvents = await poster.PostAsync(
            Workloads.Bodies(Workloads.Rounds("single", viaEvents, perTicket, start), 1).ToArray(), cancellationToken);
        var zendesk = await poster.PostAsync(
            Workloads.Rounds("zendesk", viaEvents, perTicket, start).Select(e => ZendeskWebhookWriter.Payload(e, 10_000_000)).ToArray(),
            $"/v1/adapters/zendesk/{ZendeskWebhookWriter.Connection}", ZendeskWebhookWriter.Signed, cancellationToken);
        var cloudRate = cloudEvents.Accepted / cloudEvents.Elapsed.TotalSeconds;
        var zendeskRate = zendesk.Accepted / zendesk.Elapsed.TotalSeconds;
        Figures.Print("one event per request, events/s", string.Create(CultureInfo.InvariantCulture,
            $"CloudEvents {Figures.Rate(cloudRate)} ({cloudEvents.Accepted:N0} accepted, {cloudEvents.Failures:N0} refused) | Zendesk webhooks {Figures.Rate(zendeskRate)} ({zendesk.Accepted:N0} accepted, {zendesk.Failures:N0} refused); {concurrency} in flight"));
        Figures.Print("ratio Zendesk / CloudEvents (goal >= 0.8)", string.Create(CultureInfo.InvariantCulture, $"{zendeskRate / cloudRate:F2}"));
        if ((zendesk.FirstFailure ?? cloudEvents.FirstFailure) is { } refusal)
        {
            Figures.Note($"first refusal: {refusal}");
        }
    }

    private static async Task<List<RuntimeSampler.Sample>> ScrapeAsync(List<int> managementPorts, CancellationToken cancellationToken)
    {
        var samples = new List<RuntimeSampler.Sample>();
        foreach (var port in managementPorts)
        {
            samples.Add(await RuntimeSampler.ScrapeAsync(port, cancellationToken));
        }

        return samples;
    }

    private static TimeSpan SilosCpu(IEnumerable<Testing.SiloProcess> silos) =>
        silos.Aggregate(TimeSpan.Zero, (sum, silo) => sum + SiloGauges.CpuTime(silo.ProcessId));

    /// <summary>Waits until every silo sees all of them active, so that load spreads over the whole cluster.</summary>
    private static async Task WaitForClusterAsync(List<Testing.SiloProcess> silos, CancellationToken cancellationToken)
    {
        var names = silos.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var views = await Task.WhenAll(silos.Select(s => s.ActiveSilosAsync()));
            if (views.All(v => v.SequenceEqual(names, StringComparer.Ordinal)))
            {
                Figures.Note(string.Create(CultureInfo.InvariantCulture, $"cluster of {silos.Count} silos formed {clock.Elapsed.TotalSeconds:F1} s after the last was ready"));
                return;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"the silos did not all see each other within 2 minutes: {string.Join("; ", views.Select(v => string.Join(",", v)))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static string ByKind(ServerCpu cpu, long items) => string.Join(", ", cpu.ByKind
        .Where(k => k.Value > TimeSpan.Zero)
        .OrderByDescending(k => k.Value)
        .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value.TotalMilliseconds * 1000 / Math.Max(1, items):N0} us")));

    /// <summary>
    /// CPU per item of each process of the run. On a machine shared with others the rates move with their load;
    /// what each event costs in CPU moves much less, and says where the time goes.
    /// </summary>
    private static string PerItem(TimeSpan silo, TimeSpan? server, TimeSpan client, long items)
    {
        double Us(TimeSpan cpu) => cpu.TotalMilliseconds * 1000 / Math.Max(1, items);
        var postgres = server is { } s ? string.Create(CultureInfo.InvariantCulture, $"{Us(s):N0} us") : "unknown (server not on this machine)";
        var total = Us(silo) + Us(client) + (server is { } t ? Us(t) : 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"silo {Us(silo):N0} us + PostgreSQL {postgres} + load client {Us(client):N0} us = {total:N0} us");
    }
}

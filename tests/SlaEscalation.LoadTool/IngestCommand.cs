using System.Globalization;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Events per second end to end (HTTP batches through one durable silo into PostgreSQL), then, on the same server
/// and database, single-row ~1 KB upserts per second at the same concurrency, and the ratio of the two.
/// </summary>
public sealed class IngestCommand : ILoadCommand
{
    private readonly int events;
    private readonly int concurrency;
    private readonly int batch;
    private readonly int perTicket;
    private readonly int upsertSeconds;

    public IngestCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        events = options.Int("events", 50_000);
        concurrency = options.Int("concurrency", 32);
        batch = options.Int("batch", 100);
        perTicket = options.Int("events-per-ticket", 4);
        upsertSeconds = options.Int("upsert-seconds", 20);
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var tickets = (events + perTicket - 1) / perTicket;
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{events:N0} events = {tickets:N0} tickets x {perTicket} (created, requester comment, agent reply, pending, ...), posted in rounds so each batch of {batch} holds {batch} different tickets; {concurrency} requests in flight; then {concurrency} connections upserting for {upsertSeconds} s"));

        var (silo, ready) = await rig.StartSiloAsync("ingest", TimeSpan.FromSeconds(120));
        Figures.Print("silo start to ready", Figures.Ms(ready.TotalMilliseconds));
        using var poster = new EventPoster(silo, concurrency);
        await poster.PutPoliciesAsync(TimeSpan.FromHours(1), cancellationToken);

        // Created ten minutes ago with an hour to first reply: no clock crosses a threshold during the run, so the
        // figure is ingest alone.
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var warmUp = Math.Min(2_000, Math.Max(batch, events / 10));
        var warm = await poster.PostAsync(Workloads.Bodies(Workloads.Rounds("warm", warmUp, perTicket, start), batch).ToArray(), cancellationToken);
        Figures.Note(string.Create(CultureInfo.InvariantCulture, $"warm-up: {warm.Accepted:N0} events on other tickets in {warm.Elapsed.TotalSeconds:F1} s, not counted"));

        var bodies = Workloads.Bodies(Workloads.Rounds("ingest", events, perTicket, start), batch).ToArray();
        var before = await DatabaseCounters.ReadAsync(rig.Database);
        if (rig.TracksStatements)
        {
            await StatementProfile.ResetAsync(rig.Database);
        }

        var cpuBefore = SiloGauges.CpuTime(silo.ProcessId);
        var report = await poster.PostAsync(bodies, cancellationToken);
        var cpu = SiloGauges.CpuTime(silo.ProcessId) - cpuBefore;
        var after = await DatabaseCounters.ReadAsync(rig.Database);

        var ingestRate = report.Accepted / report.Elapsed.TotalSeconds;
        Figures.Print("ingest, events/s end to end", string.Create(CultureInfo.InvariantCulture,
            $"{Figures.Rate(ingestRate)} ({report.Accepted:N0} accepted, {report.Duplicates:N0} duplicates, {report.Failures:N0} refused, {report.Retries:N0} 503 retries in {report.Elapsed.TotalSeconds:F1} s)"));
        if (report.FirstFailure is not null)
        {
            Figures.Note($"first refusal: {report.FirstFailure}");
        }

        Figures.Print("ingest, request latency", Figures.Distribution(report.LatenciesMs));
        Figures.Print("ingest, silo CPU", string.Create(CultureInfo.InvariantCulture,
            $"{cpu.TotalSeconds:F1} s over {report.Elapsed.TotalSeconds:F1} s = {cpu.TotalSeconds / report.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores; {cpu.TotalMilliseconds * 1000 / Math.Max(1, report.Accepted):N0} us per event"));
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

        // The silo stays up but idle: its clocks are an hour away, so it does not compete with the ceiling.
        var (upserts, upsertRate) = await UpsertCeiling.MeasureAsync(rig.Database, concurrency, tickets, TimeSpan.FromSeconds(upsertSeconds), cancellationToken);
        Figures.Print("raw upserts/s, same server", string.Create(CultureInfo.InvariantCulture,
            $"{Figures.Rate(upsertRate)} ({upserts:N0} single-row 1 KB upserts on {concurrency} connections in {upsertSeconds} s, over {tickets:N0} keys)"));
        Figures.Print("ratio ingest / raw upserts (goal >= 0.5)", string.Create(CultureInfo.InvariantCulture, $"{ingestRate / upsertRate:F2}"));
    }
}

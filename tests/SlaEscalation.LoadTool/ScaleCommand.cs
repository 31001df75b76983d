using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Open tickets with live clocks on one silo: load them, read the silo's memory, SIGKILL it, start a new one and
/// time it to ready; a sample of tickets posted just before the kill has deadlines minutes after it, and each must
/// fire from the new silo's reminders, not from being read.
/// </summary>
public sealed partial class ScaleCommand : ILoadCommand
{
    private static readonly TimeSpan Target = TimeSpan.FromHours(8);

    /// <summary>
    /// The share of a container's memory .NET gives the silo's heap by default. Without a container the tool sets the
    /// same limit from <c>--memory-budget-mib</c>.
    /// </summary>
    private const int SiloHeapPercent = 75;

    private readonly int tickets;
    private readonly int batch;
    private readonly int concurrency;
    private readonly int sample;
    private readonly TimeSpan sampleLead;
    private readonly TimeSpan sampleWindow;
    private readonly TimeSpan grace;
    private readonly TimeSpan readyWithin;
    private readonly TimeSpan holdBeforeKill;
    private readonly TimeSpan idleWait;
    private readonly int memoryBudget;
    private readonly long rssLimit;
    private readonly bool restartInPlace;
    private readonly Dictionary<string, string> siloEnvironment;

    public ScaleCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 100_000);
        batch = options.Int("batch", 1_000);
        concurrency = options.Int("concurrency", 8);
        sample = options.Int("sample", 500);
        sampleLead = TimeSpan.FromSeconds(options.Double("sample-lead-seconds", 240));
        sampleWindow = TimeSpan.FromSeconds(options.Double("sample-window-seconds", 60));
        grace = TimeSpan.FromSeconds(options.Double("grace-seconds", 30));
        readyWithin = TimeSpan.FromSeconds(options.Double("ready-within-seconds", 600));
        holdBeforeKill = TimeSpan.FromSeconds(options.Double("hold-seconds", 0));
        idleWait = TimeSpan.FromSeconds(options.Double("idle-seconds", 200));
        memoryBudget = options.Int("memory-budget-mib", 0);
        rssLimit = (long)(options.Double("rss-limit-mib", 10_240) * 1024 * 1024);
        siloEnvironment = options.SiloEnvironment();
        restartInPlace = (options.String("restart") ?? "in-place") switch
        {
            "in-place" => true,
            "new-address" => false,
            var other => throw new ArgumentException($"--restart is in-place or new-address, not '{other}'"),
        };
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} open tickets (one ticket.created each: first reply, next reply and resolution clocks, one reminder each, due in 4-8 h), batches of {batch}, {concurrency} in flight; idle {idleWait.TotalSeconds:F0} s; then {sample} sample tickets due {sampleLead.TotalSeconds:F0}-{(sampleLead + sampleWindow).TotalSeconds:F0} s later, SIGKILL, restart {(restartInPlace ? "in place" : "on a new address")}"));
        // A container's memory limit gives the silo SiloHeapPercent of it for its heap; the silo sheds idle activations
        // before the heap reaches that. Without a budget the silo has the machine.
        var environment = new Dictionary<string, string>(siloEnvironment, StringComparer.Ordinal);
        if (siloEnvironment.Count > 0)
        {
            Figures.Print("silo environment", string.Join(' ', siloEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        if (memoryBudget > 0)
        {
            environment["DOTNET_GCHeapHardLimit"] = (memoryBudget * 1024L * 1024 * SiloHeapPercent / 100).ToString("X", CultureInfo.InvariantCulture);
            Figures.Note(string.Create(CultureInfo.InvariantCulture, $"memory budget {memoryBudget:N0} MiB: the silos run with DOTNET_GCHeapHardLimit {memoryBudget * SiloHeapPercent / 100:N0} MiB ({SiloHeapPercent}%), as in a container with that limit"));
        }

        var (silo, ready) = await rig.StartSiloAsync("scale-1", readyWithin, environment);
        Figures.Print("silo start to ready (empty)", Figures.Ms(ready.TotalMilliseconds));
        var emptyRss = SiloGauges.StatusBytes(silo.ProcessId, "VmRSS");
        Figures.Print("silo memory, empty", await SiloGauges.DescribeMemoryAsync(silo));

        using (var poster = new EventPoster(silo, concurrency))
        {
            await poster.PutPoliciesAsync(Target, cancellationToken);
            var created = DateTimeOffset.UtcNow.AddMinutes(-1);
            var bodies = Workloads.Bodies(Enumerable.Range(0, tickets).Select(i => new LoadEvent($"load:scale-{i}", 0, created)), batch);

            // The machine is shared: loading stops early rather than let the silo take all its memory.
            var report = await poster.PostAsync(
                WithProgress(bodies, (tickets + batch - 1) / batch, () => SiloGauges.StatusBytes(silo.ProcessId, "VmRSS") > rssLimit),
                cancellationToken);
            // Counted from what was sent, not from the 202s: a request answered with an error may still have stored
            // its tickets (the database rows below say how many), and they are in the silo's memory either way.
            var posted = Math.Min(tickets, report.Requests * batch);
            if (posted < tickets)
            {
                Figures.Note(string.Create(CultureInfo.InvariantCulture, $"loading stopped after {posted:N0} tickets: the silo's VmRSS passed --rss-limit-mib {rssLimit / 1024 / 1024:N0}"));
            }

            Figures.Print("load", string.Create(CultureInfo.InvariantCulture,
                $"{posted:N0} tickets posted in {report.Requests:N0} requests: {report.Accepted:N0} accepted (202), {report.Failures:N0} requests answered with an error, {report.Retries:N0} 503 retries in {report.Elapsed.TotalSeconds:F0} s ({Figures.Rate(posted / report.Elapsed.TotalSeconds)} posted); 202 latency {Figures.Distribution(report.LatenciesMs)}"));
            if (report.FirstFailure is not null)
            {
                Figures.Note($"first refusal: {report.FirstFailure}");
            }

            // Let the write-behind work (index, outbox) settle before reading memory.
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            var rss = SiloGauges.StatusBytes(silo.ProcessId, "VmRSS");
            Figures.Print(string.Create(CultureInfo.InvariantCulture, $"silo memory, {posted:N0} tickets loaded"), await SiloGauges.DescribeMemoryAsync(silo));
            Figures.Print("activations by grain type", await SiloGauges.DescribeActivationsAsync(silo));
            Figures.Print("silo memory per ticket (VmRSS growth)", string.Create(CultureInfo.InvariantCulture,
                $"{(rss - emptyRss) / (double)Math.Max(1, posted):N0} bytes; 1,000,000 tickets at that rate: {Figures.Mib(emptyRss + (rss - emptyRss) * 1_000_000 / Math.Max(1, posted))} (goal <= 3 GiB)"));
            Figures.Print("database", await DescribeDatabaseAsync(rig.Database));
        }

        if (idleWait > TimeSpan.Zero)
        {
            // Idle tickets deactivate after two minutes (collected at the next one-minute quantum): what the silo
            // holds then is what open tickets cost it when nothing happens to them.
            Figures.Note(string.Create(CultureInfo.InvariantCulture, $"waiting {idleWait.TotalSeconds:F0} s for idle tickets to deactivate"));
            await Task.Delay(idleWait, cancellationToken);
            Figures.Print("silo memory, idle tickets deactivated", await SiloGauges.DescribeMemoryAsync(silo));
        }

        if (holdBeforeKill > TimeSpan.Zero)
        {
            // Time to attach a profiler or take a heap dump of the loaded silo (its pid is printed).
            Figures.Note(string.Create(CultureInfo.InvariantCulture, $"holding the loaded silo (pid {silo.ProcessId}) for {holdBeforeKill.TotalSeconds:F0} s"));
            await Task.Delay(holdBeforeKill, cancellationToken);
        }

        var sampleDeadlines = await PostSampleAsync(silo, cancellationToken);

        rig.Kill(silo);
        var killedAt = Stopwatch.StartNew();
        Figures.Note("first silo killed (SIGKILL)");
        if (rig.TracksStatements)
        {
            await StatementProfile.ResetAsync(rig.Database);
        }

        // In place: the same address and ports, as Kubernetes restarts a killed container in its pod; the new silo
        // finds its own earlier incarnation in the membership table and declares it dead. A new address, as a pod
        // rescheduled elsewhere, has to wait until the dead silo's row goes stale, as nobody is left to vote.
        var (successor, successorReady) = restartInPlace
            ? await rig.RestartInPlaceAsync(silo, readyWithin)
            : await rig.StartSiloAsync("scale-2", readyWithin, environment);
        Figures.Print($"silo restarted {(restartInPlace ? "in place" : "on a new address")}, start to ready (goal <= 20 s after the kill)", string.Create(CultureInfo.InvariantCulture,
            $"{Figures.Ms(successorReady.TotalMilliseconds)} from launch ({Figures.Ms(killedAt.Elapsed.TotalMilliseconds)} after the kill); {ReadyLine(successor.Output)}"));
        Figures.Print("new silo memory, ready", await SiloGauges.DescribeMemoryAsync(successor));
        if (rig.TracksStatements)
        {
            // What the new silo's reminder service read at start: its range of the ring, all of it on one silo.
            foreach (var line in await StatementProfile.DescribeAsync(rig.Database, 1, top: 3, containing: "FROM OrleansRemindersTable WHERE"))
            {
                Figures.Note("reminder reads since the restart: " + line);
            }
        }


        var waitUntil = sampleDeadlines.Values.Max() + grace;
        if (waitUntil > DateTimeOffset.UtcNow)
        {
            Figures.Note(string.Create(CultureInfo.InvariantCulture, $"waiting {(waitUntil - DateTimeOffset.UtcNow).TotalSeconds:F0} s for the sample deadlines"));
            await Task.Delay(waitUntil - DateTimeOffset.UtcNow, cancellationToken);
        }

        Figures.Print("new silo memory, after the sample fired", await SiloGauges.DescribeMemoryAsync(successor));
        Figures.Print("new silo activations by grain type", await SiloGauges.DescribeActivationsAsync(successor));
        var readStarted = DateTimeOffset.UtcNow;
        var views = await TicketReader.ReadAsync(successor, sampleDeadlines.Keys, 16, cancellationToken);
        var breaches = views.Values.Select(TicketReader.FirstReplyBreach).OfType<EmittedTransitionView>().ToArray();
        var onTime = breaches.Where(b => b.EmittedAt < readStarted).ToArray();
        Figures.Print("sample deadlines fired by the new silo", string.Create(CultureInfo.InvariantCulture,
            $"{onTime.Length} of {sample} before the read-back; {breaches.Length - onTime.Length} only when read (missed by the clock); {sample - breaches.Length} never"));
        Figures.Print("sample lag, emittedAt - at", Figures.Distribution(onTime.Select(b => (b.EmittedAt - b.At).TotalMilliseconds)));
    }

    /// <summary>Posts the sample tickets, each created so that its deadline falls after the coming restart.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> PostSampleAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        var first = DateTimeOffset.UtcNow + sampleLead;
        var deadlines = Enumerable.Range(0, sample).ToDictionary(i => $"load:scale-sample-{i}", i => first + sampleWindow * i / sample, StringComparer.Ordinal);
        using var poster = new EventPoster(silo, concurrency);
        var report = await poster.PostAsync(Workloads.Bodies(deadlines.Select(d => new LoadEvent(d.Key, 0, d.Value - Target)), batch).ToArray(), cancellationToken);
        Figures.Note(string.Create(CultureInfo.InvariantCulture, $"sample: {report.Accepted} tickets accepted, deadlines {sampleLead.TotalSeconds:F0}-{(sampleLead + sampleWindow).TotalSeconds:F0} s from now"));
        return deadlines;
    }

    private static async Task<string> DescribeDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT pg_database_size(current_database()),
                   (SELECT count(*) FROM sla_grain_state),
                   (SELECT count(*) FROM orleansreminderstable)
            """, connection);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (size, states, reminders) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        var byType = await StateRowsByTypeAsync(database);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Figures.Mib(size)} on disk, {states:N0} grain state rows ({byType}), {reminders:N0} reminder rows");
    }

    private static async Task<string> StateRowsByTypeAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT state_name, count(*) FROM sla_grain_state GROUP BY 1 ORDER BY 2 DESC LIMIT 4", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var parts = new List<string>();
        while (await reader.ReadAsync())
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1):N0}"));
        }

        return string.Join(", ", parts);
    }

    /// <summary>Prints a line at every tenth of the batches, so a long load shows it is moving; ends early on <paramref name="stop"/>.</summary>
    private static IEnumerable<byte[]> WithProgress(IEnumerable<byte[]> bodies, int count, Func<bool> stop)
    {
        var clock = Stopwatch.StartNew();
        var index = 0;
        foreach (var body in bodies)
        {
            if (stop())
            {
                yield break;
            }

            if (++index % Math.Max(1, count / 10) == 0)
            {
                Figures.Note(string.Create(CultureInfo.InvariantCulture, $"{index * 100 / count}% of batches sent after {clock.Elapsed.TotalSeconds:F0} s"));
            }

            yield return body;
        }
    }

    /// <summary>The silo's own <c>ready ... in N ms</c> line (time from its Main).</summary>
    private static string ReadyLine(string output) =>
        ReadyPattern().Match(output) is { Success: true } match ? $"its log: ready in {match.Groups[1].Value} ms after Main" : "no ready line in its log";

    [GeneratedRegex(@"ready \(.*?\) on .*? in (\d+) ms")]
    private static partial Regex ReadyPattern();
}

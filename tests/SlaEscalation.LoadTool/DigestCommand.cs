using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Silo.Database;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Reading a team's digest while a million of its tickets are open. The ticket index and the digest's ticket notes
/// get a million open tickets of one team (COPY, aged over 30 days, a tenth without an agent, a tenth at risk), the
/// digest ledger the facts of one day; a durable silo then serves <c>GET /v1/digests/bench/{date}</c>, timed one
/// read after another in each format and with readers in parallel, while the digest keeps re-measuring its backlog
/// in the background every minute. The measurement itself is timed apart: it never runs on a read.
/// </summary>
public sealed class DigestCommand : ILoadCommand
{
    private const string Team = "bench";
    private readonly int tickets;
    private readonly int facts;
    private readonly int reads;
    private readonly int readers;

    public DigestCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 1_000_000);
        facts = options.Int("facts", 5_000);
        reads = options.Int("reads", 1000);
        readers = options.Int("readers", 8);
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var now = DateTimeOffset.UtcNow;
        var day = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
        var path = new Uri($"/v1/digests/{Team}/{day:yyyy-MM-dd}", UriKind.Relative);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} open tickets of team '{Team}', {facts:N0} facts on {day:yyyy-MM-dd}; {reads} reads per format one after another, then {readers} readers in parallel"));

        var clock = Stopwatch.StartNew();
        await using (var dataSource = NpgsqlDataSource.Create(rig.Database))
        {
            await LoadAsync(dataSource, now, day, cancellationToken);
            Figures.Print("load (COPY, then ANALYZE)", Figures.Ms(clock.ElapsedMilliseconds));
            var ledger = new PostgresDigestLedger(dataSource);
            var request = new DigestMeasureRequest(Team, now, TimeSpan.FromHours(1), TimeSpan.FromDays(2), DigestLimits.ListedTickets);
            var samples = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                clock.Restart();
                await ledger.MeasureAsync(request, cancellationToken);
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            Figures.Print("one backlog measurement (background only)", Figures.Distribution(samples));
        }

        var (silo, ready) = await rig.StartSiloAsync("digest-1", TimeSpan.FromMinutes(5));
        Figures.Print("silo start to ready", Figures.Ms(ready.TotalMilliseconds));
        await silo.Http.PutJsonAsync($"/v1/teams/{Team}", JsonNode.Parse("""{"zone": "UTC", "digestHour": 0}""")!);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        clock.Restart();
        var report = await silo.Http.GetFromJsonAsync<DigestReport>(path, cancellationToken);
        Figures.Print("first read (activates the digest, loads its facts)", Figures.Ms(clock.ElapsedMilliseconds));
        clock.Restart();
        while (report!.Backlog is null && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(200, cancellationToken);
            report = await silo.Http.GetFromJsonAsync<DigestReport>(path, cancellationToken);
        }

        Figures.Print("backlog measured after the first read", string.Create(CultureInfo.InvariantCulture,
            $"{clock.ElapsedMilliseconds:N0} ms later: {report.Backlog?.Open:N0} open, {report.Backlog?.AtRiskNow:N0} at risk now, {report.Breaches.Total:N0} breaches"));

        // Untimed: the first reads of each path run code the JIT has not optimised yet, and render each format once.
        foreach (var (uri, accept) in new[] { (path, "application/json"), (path, "text/html"), (path, "text/markdown"), (new Uri("/health/live", UriKind.Relative), "text/plain") })
        {
            for (var i = 0; i < 200; i++)
            {
                await ReadAsync(silo.Http, uri, accept, cancellationToken);
            }
        }

        Figures.Print("load average before the timed reads", LoadAverage());

        // The machine's own tail, for comparison: the same loop on an endpoint that does no work.
        var baseline = new List<double>(reads);
        for (var i = 0; i < reads; i++)
        {
            baseline.Add(await ReadAsync(silo.Http, new Uri("/health/live", UriKind.Relative), "text/plain", cancellationToken));
        }

        Figures.Print("baseline: GET /health/live one after another", Figures.Distribution(baseline));
        foreach (var accept in new[] { "application/json", "text/html", "text/markdown" })
        {
            var latencies = new List<double>(reads);
            for (var i = 0; i < reads; i++)
            {
                latencies.Add(await ReadAsync(silo.Http, path, accept, cancellationToken));
            }

            Figures.Print($"read one after another, {accept}", Figures.Distribution(latencies));
        }

        var health = new Uri("/health/live", UriKind.Relative);
        Figures.Print($"baseline: /health/live by {readers} readers at once", Figures.Distribution(await InParallelAsync(silo.Http, _ => (health, "text/plain"), cancellationToken)));
        var parallel = await InParallelAsync(silo.Http, i => (path, i % 2 == 0 ? "application/json" : "text/html"), cancellationToken);
        Figures.Print($"read by {readers} readers at once, json and html", Figures.Distribution(parallel));
        Figures.Print("load average after the timed reads", LoadAverage());
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages (Linux), since other work shares the machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Times <c>readers × reads / 4</c> reads, <see cref="readers"/> at a time; <paramref name="read"/> says what the i-th reads.</summary>
    private async Task<List<double>> InParallelAsync(HttpClient http, Func<int, (Uri Path, string Accept)> read, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        await Parallel.ForAsync(0, readers * reads / 4, new ParallelOptions { MaxDegreeOfParallelism = readers, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var (path, accept) = read(i);
            var ms = await ReadAsync(http, path, accept, token);
            lock (latencies)
            {
                latencies.Add(ms);
            }
        });
        return latencies;
    }

    private static async Task<double> ReadAsync(HttpClient http, Uri path, string accept, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync(cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The open tickets (index rows and notes) and the day's facts.</summary>
    private async Task LoadAsync(NpgsqlDataSource dataSource, DateTimeOffset now, DateOnly day, CancellationToken cancellationToken)
    {
        string[] states = ["at_risk", "at_risk", "breached", "breached", "paused", "none"];
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using (var index = await connection.BeginBinaryImportAsync(
                "COPY sla_ticket_index (ticket_key, team, agent, status, sla_state, next_deadline, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                for (var i = 0; i < tickets; i++)
                {
                    await index.StartRowAsync(cancellationToken);
                    await index.WriteAsync(Key(i), NpgsqlDbType.Varchar, cancellationToken);
                    await index.WriteAsync(Team, NpgsqlDbType.Varchar, cancellationToken);
                    await WriteOrNullAsync<string>(index, i % 10 == 0 ? null : $"agent-{i % 50}", NpgsqlDbType.Varchar, cancellationToken);
                    await index.WriteAsync("open", NpgsqlDbType.Varchar, cancellationToken);
                    await index.WriteAsync(i % 20 < states.Length ? states[i % 20] : "active", NpgsqlDbType.Varchar, cancellationToken);
                    await index.WriteNullAsync(cancellationToken);
                    await index.WriteAsync(Created(now, i).AddMinutes(5), NpgsqlDbType.TimestampTz, cancellationToken);
                }

                await index.CompleteAsync(cancellationToken);
            }

            await using var notes = await connection.BeginBinaryImportAsync(
                "COPY sla_digest_ticket (ticket_key, created_at, owner_seq, unassigned_since) FROM STDIN (FORMAT BINARY)", cancellationToken);
            for (var i = 0; i < tickets; i++)
            {
                await notes.StartRowAsync(cancellationToken);
                await notes.WriteAsync(Key(i), NpgsqlDbType.Varchar, cancellationToken);
                await notes.WriteAsync(Created(now, i), NpgsqlDbType.TimestampTz, cancellationToken);
                await notes.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
                await WriteOrNullAsync<DateTimeOffset?>(notes, i % 10 == 0 ? Created(now, i) : null, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await notes.CompleteAsync(cancellationToken);
        }

        string[] kinds = [DigestFactKinds.New, DigestFactKinds.Solved, DigestFactKinds.Breached, DigestFactKinds.Achieved, DigestFactKinds.Reopened];
        string[] metrics = ["first_reply", "next_reply", "periodic_update", "resolution"];
        string[] priorities = ["urgent", "high", "normal", "low"];
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var ledger = new PostgresDigestLedger(dataSource);
        var dayFacts = Enumerable.Range(0, facts).Select(i =>
        {
            var kind = kinds[i % kinds.Length];
            return new DigestFact(
                $"{Key(i * 7 % tickets)}/bench#{i}",
                kind,
                Team,
                day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Key(i * 7 % tickets),
                start.AddSeconds(i * 86_400.0 / facts),
                kind is DigestFactKinds.Breached or DigestFactKinds.Achieved ? metrics[i % metrics.Length] : null,
                priorities[i % priorities.Length],
                kind == DigestFactKinds.Achieved ? i % 3 != 0 : null);
        });
        foreach (var chunk in dayFacts.Chunk(1000))
        {
            await ledger.AddFactsAsync(chunk, cancellationToken);
        }

        await using var analyze = dataSource.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"bench:{i:D7}");

    private static DateTimeOffset Created(DateTimeOffset now, int i) => now.AddMinutes(-(i % (30 * 24 * 60)));
}

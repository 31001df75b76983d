using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Long histories: a few tickets each given <c>events-per-ticket</c> events, one event per ticket per request, so
/// every event costs its ticket a reconcile and a state write. Prints the posting rate and cost per event for each
/// tenth of the history (the late events against the early ones), the silo's memory, and the cost of reading a
/// ticket back. Stops by itself after <c>max-seconds</c> of posting, saying how far it got.
/// </summary>
public sealed class HistoryCommand : ILoadCommand
{
    private readonly int tickets;
    private readonly int perTicket;
    private readonly TimeSpan budget;
    private readonly int reads;

    public HistoryCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 2);
        perTicket = options.Int("events-per-ticket", 20_000);
        budget = TimeSpan.FromSeconds(options.Double("max-seconds", 300));
        reads = options.Int("reads", 20);
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} tickets x {perTicket:N0} events (created, then public comments, requester and agent in turn, a pending/open pair every 20 events, a priority change every 500), one event per ticket per request, one request in flight, at most {budget.TotalSeconds:F0} s of posting; one durable silo"));
        var (silo, ready) = await rig.StartSiloAsync("history", TimeSpan.FromSeconds(120));
        Figures.Print("silo start to ready", Figures.Ms(ready.TotalMilliseconds));
        using var poster = new EventPoster(silo, 1);
        await poster.PutPoliciesAsync(TimeSpan.FromHours(1), cancellationToken);

        // Every event is in the past, a minute apart, so each one changes the clocks when it arrives.
        var start = DateTimeOffset.UtcNow.AddMinutes(-perTicket - 10);
        var keys = Enumerable.Range(0, tickets).Select(i => $"load:history-{i}").ToArray();
        var segment = Math.Max(1, perTicket / 20);
        var posting = Stopwatch.StartNew();
        var posted = 0;
        var failures = 0;
        for (var from = 0; from < perTicket && posting.Elapsed < budget; from += segment)
        {
            var to = Math.Min(perTicket, from + segment);
            // The budget is checked before each request: a late segment can take minutes on a long history.
            var bodies = Enumerable.Range(from, to - from).TakeWhile(_ => posting.Elapsed < budget).Select(step => Body(keys, step, start));
            var siloCpu = SiloGauges.CpuTime(silo.ProcessId);
            var serverCpu = await ServerCpu.ReadAsync(rig.Database);
            var report = await poster.PostAsync(bodies, cancellationToken);
            siloCpu = SiloGauges.CpuTime(silo.ProcessId) - siloCpu;
            var databaseCpu = await ServerCpu.ReadAsync(rig.Database) is { } serverAfter && serverCpu is not null ? (serverAfter - serverCpu).Total : (TimeSpan?)null;
            posted = from + report.Requests;
            to = posted;
            failures += report.Failures;
            var events = report.Accepted;
            Figures.Print(string.Create(CultureInfo.InvariantCulture, $"events {from + 1:N0}-{to:N0} of each ticket"), string.Create(CultureInfo.InvariantCulture,
                $"{Figures.Rate(events / report.Elapsed.TotalSeconds)}, {report.Elapsed.TotalMilliseconds / Math.Max(1, events):F2} ms per event, request p50 {Figures.Percentile(report.LatenciesMs.Order().ToArray(), 50):F1} ms, CPU per event: silo {siloCpu.TotalMilliseconds / Math.Max(1, events):F2} ms, PostgreSQL {(databaseCpu is { } db ? $"{db.TotalMilliseconds / Math.Max(1, events):F2} ms" : "n/a")}{(report.Failures > 0 ? $", {report.Failures} refused: {report.FirstFailure}" : string.Empty)}"));
        }

        if (posted < perTicket)
        {
            Figures.Note(string.Create(CultureInfo.InvariantCulture, $"stopped after {posted:N0} events per ticket: --max-seconds {budget.TotalSeconds:F0} reached"));
        }

        Figures.Print("silo memory after posting", await SiloGauges.DescribeMemoryAsync(silo));
        Figures.Print("largest ticket state stored", await LargestTicketStateAsync(rig.Database));
        var reading = Stopwatch.StartNew();
        var views = new Dictionary<string, SlaEscalation.Contracts.Tickets.TicketView?>();
        for (var i = 0; i < reads; i++)
        {
            foreach (var (key, view) in await TicketReader.ReadAsync(silo, keys, 1, cancellationToken))
            {
                views[key] = view;
            }
        }

        Figures.Print("GET /v1/tickets/{key}", string.Create(CultureInfo.InvariantCulture,
            $"{reading.Elapsed.TotalMilliseconds / Math.Max(1, reads * tickets):F1} ms per read ({reads * tickets} reads, one at a time)"));
        var first = views[keys[0]];
        Figures.Print("ticket 0 as read back", first is null ? "not found" : string.Create(CultureInfo.InvariantCulture,
            $"{first.EventCount:N0} events, {first.Metrics.Count:N0} metric instances, {failures:N0} requests refused"));
    }

    /// <summary>What each event of a long history writes: the ticket's whole state, which holds the history.</summary>
    private static async Task<string> LargestTicketStateAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var largest = new NpgsqlCommand("SELECT coalesce(max(octet_length(payload)), 0) FROM sla_grain_state WHERE state_name = 'slaTicket'", connection);
        var bytes = Convert.ToInt64(await largest.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KiB, written whole with each of its events");
    }

    /// <summary>One request: step <paramref name="step"/> of every ticket.</summary>
    private static byte[] Body(string[] keys, int step, DateTimeOffset start)
    {
        var buffer = new ArrayBufferWriter<byte>(512 * keys.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var key in keys)
            {
                Write(json, key, step, start.AddMinutes(step));
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter json, string ticket, int step, DateTimeOffset time)
    {
        json.WriteStartObject();
        json.WriteString("specversion", "1.0");
        json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{ticket}#{step}"));
        json.WriteString("source", "load");
        json.WriteString("type", step == 0 ? "ticket.created" : step % 20 is 5 or 6 || step % 500 == 250 ? "ticket.updated" : "ticket.comment_added");
        json.WriteString("subject", ticket);
        json.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        json.WriteStartObject("data");
        if (step == 0)
        {
            json.WriteString("priority", "high");
            json.WriteString("team", "support");
            json.WriteString("subject", "Load test ticket with a long history");
            json.WriteString("requester", "customer@example.com");
            json.WriteString("status", "open");
        }
        else if (step % 500 == 250)
        {
            json.WriteString("priority", step % 1000 == 250 ? "urgent" : "high");
        }
        else if (step % 20 is 5 or 6)
        {
            json.WriteString("status", step % 20 == 5 ? "pending" : "open");
        }
        else
        {
            json.WriteString("authorRole", step % 2 == 1 ? "requester" : "agent");
            json.WriteBoolean("public", true);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SlaEscalation.Testing;
using static SlaEscalation.Silo.Tests.Configuration.ConfigurationHttp;

namespace SlaEscalation.Silo.Tests.Audit;

/// <summary>The audit trail through a real silo process on PostgreSQL, and the real <c>audit verify</c> command.</summary>
public sealed class AuditTrailEndToEndTests
{
    private const string Calendar = """{"zone":"America/New_York","windows":{"mon-fri":[["09:00","17:00"]]}}""";

    [Fact]
    public async Task Configuration_changes_and_refused_events_are_audited_and_an_edited_row_is_found_by_audit_verify()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("audit_e2e");
        await using (var silo = await SiloProcess.StartAsync(SiloProcess.Environment("audit-1", "audit-" + Guid.NewGuid().ToString("N")[..8], database)))
        {
            using var put = await PutAsync(silo.Http, "/v1/calendars/ny", Calendar);
            using var post = await silo.Http.PostAsync(new Uri("/v1/events", UriKind.Relative), new StringContent(
                """[{"specversion":"1.0","id":"evt-bad-1","source":"zendesk","type":"ticket.created","subject":"zendesk:77","time":"yesterday","data":{"priority":"high"}}]""",
                Encoding.UTF8,
                "application/cloudevents-batch+json"));
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (put.StatusCode, post.StatusCode));

            var changed = Assert.Single(await EntriesAsync(silo.Http, "/v1/audit?action=config_changed"));
            Assert.Equal(
                ("config", 1, "user", "test-operator", JsonValueKind.Null, "config-v1/calendar/ny", JsonValueKind.Null),
                (changed.GetProperty("chain").GetString(), changed.GetProperty("sequence").GetInt32(), changed.GetProperty("actorKind").GetString(),
                    changed.GetProperty("actor").GetString(), changed.GetProperty("ticket").ValueKind, changed.GetProperty("causedBy").GetString(),
                    changed.GetProperty("before").ValueKind));
            Assert.Equal(Calendar, changed.GetProperty("after").GetRawText());

            var rejected = Assert.Single(await EntriesAsync(silo.Http, "/v1/audit?ticket=zendesk:77"));
            Assert.Equal(
                ("rejected-events", 1, "adapter", "test-operator", "event_rejected", "evt-bad-1"),
                (rejected.GetProperty("chain").GetString(), rejected.GetProperty("sequence").GetInt32(), rejected.GetProperty("actorKind").GetString(),
                    rejected.GetProperty("actor").GetString(), rejected.GetProperty("action").GetString(), rejected.GetProperty("causedBy").GetString()));
            var after = rejected.GetProperty("after");
            Assert.Equal(1, after.GetProperty("errorCount").GetInt32());
            Assert.Equal("/0/time", after.GetProperty("errors")[0].GetProperty("pointer").GetString());
            Assert.Equal(["evt-bad-1"], after.GetProperty("eventIds").EnumerateArray().Select(i => i.GetString()));

            using var reader = new HttpClient { BaseAddress = silo.Http.BaseAddress };
            reader.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);
            using var forbidden = await reader.GetAsync(new Uri("/v1/audit", UriKind.Relative));
            using var timeline = await reader.GetAsync(new Uri("/v1/tickets/zendesk:77/timeline", UriKind.Relative));

            // The refused event made no ticket: its entry is on the rejected-events chain, for operators only.
            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (forbidden.StatusCode, timeline.StatusCode));
        }

        var intact = await VerifyAsync(database);
        await using (var dataSource = NpgsqlDataSource.Create(database))
        await using (var edit = dataSource.CreateCommand("""UPDATE sla_audit SET after_json = '{"zone":"UTC"}' WHERE chain_key = 'config' AND seq = 1"""))
        {
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var tampered = await VerifyAsync(database);

        Assert.Equal(0, intact.Exit);
        Assert.EndsWith("checked 2 audit chains, 2 entries: intact.", intact.Output, StringComparison.Ordinal);
        Assert.Equal(3, tampered.Exit);
        var lines = tampered.Output.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            "broken: chain config at sequence 1: hash mismatch: the entry's fields do not give its stored hash: it was changed after it was written",
            lines[0]);
        Assert.Equal("anchors: not checked: set Audit__AnchorKey to the silos' key.", lines[1].TrimEnd('\r'));
        Assert.EndsWith("checked 2 audit chains, 2 entries: 1 broken.", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_request_is_still_a_400_when_the_audit_trail_cannot_be_written()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("audit_down");
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("audit-down", "audit-down-" + Guid.NewGuid().ToString("N")[..8], database));
        await using (var dataSource = NpgsqlDataSource.Create(database))
        await using (var drop = dataSource.CreateCommand("DROP TABLE sla_audit"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        using var post = await silo.Http.PostAsync(new Uri("/v1/events", UriKind.Relative), new StringContent(
            """{"specversion":"1.0","id":"evt-bad-2","source":"zendesk","type":"ticket.created","subject":"zendesk:78","time":"yesterday","data":{"priority":"high"}}""",
            Encoding.UTF8,
            "application/cloudevents+json"));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);

        // The console log is written in the background.
        const string NotRecorded = "could not be recorded in the audit trail; it was still answered 400";
        await Eventually.TrueAsync(
            () => silo.Output.Contains(NotRecorded, StringComparison.Ordinal), TimeSpan.FromSeconds(10), $"\"{NotRecorded}\" in the silo's output",
            () => silo.Output, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Bad_audit_filters_are_400_problems_naming_each_parameter()
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("audit-filters", "audit-filters", postgres: null));

        using var response = await silo.Http.GetAsync(new Uri("/v1/audit?ticket=nokey&from=yesterday&to=2026-01-01T00:00:00Z&action=deleted&after=%21&limit=0", UriKind.Relative));
        using var timeline = await silo.Http.GetAsync(new Uri("/v1/tickets/zendesk:1/timeline?after=-1&limit=1001", UriKind.Relative));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (response.StatusCode, timeline.StatusCode));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["action", "after", "from", "limit", "ticket"], await ErrorPathsAsync(response));
        Assert.Equal(["after", "limit"], await ErrorPathsAsync(timeline));
    }

    private static async Task<JsonElement[]> EntriesAsync(HttpClient http, string path)
    {
        var page = await http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));
        return [.. page.GetProperty("entries").EnumerateArray()];
    }

    private static async Task<(int Exit, string Output)> VerifyAsync(string database)
    {
        await using var command = SiloProcess.Launch(new Dictionary<string, string>(), ["audit", "verify", "--postgres", database]);
        var exit = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, command.Output.Trim());
    }
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>Two silo processes on PostgreSQL; the one running a simulation is killed mid-job.</summary>
public sealed class SimulationFailoverTests(ITestOutputHelper output)
{
    private const int Tickets = 1000;
    private const int TicketsPerPost = 50;

    [Fact]
    public async Task A_job_whose_silo_dies_resumes_from_its_cursor_and_ends_with_the_undisturbed_result()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("simfail");
        var cluster = "sf-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        await a.Http.PutJsonAsync("/v1/policies", JsonNode.Parse("""
            [{"id":"p","targets":{"high":{"first_reply":{"target":"PT2M","calendar":"24x7"}}}}]
            """)!);
        var created = DateTimeOffset.UtcNow.AddHours(-1);
        for (var post = 0; post < Tickets / TicketsPerPost; post++)
        {
            var events = new JsonArray();
            for (var i = post * TicketsPerPost; i < (post + 1) * TicketsPerPost; i++)
            {
                events.Add(GatewayRequests.Created($"test:f{i:D5}", $"f{i}-created", created));
                events.Add(GatewayRequests.Comment($"test:f{i:D5}", $"f{i}-reply", created.AddMinutes(i % 4), "agent"));
            }

            var (status, body) = await a.Http.PostEventsAsync(events);
            Assert.True(status == System.Net.HttpStatusCode.Accepted, body);
        }

        var request = new JsonObject
        {
            ["candidate"] = """{"policies":[{"id":"p","targets":{"high":{"first_reply":{"target":"PT1M","calendar":"24x7"}}}}]}""",
            ["from"] = created.AddDays(-1).ToString("O"),
            ["to"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        var undisturbed = await WaitAsync(a, await StartAsync(a, request), kill: null);
        var disturbed = await WaitAsync(a, await StartAsync(a, request), kill: (a, b));

        Assert.Equal("completed", disturbed.GetProperty("status").GetString());
        Assert.Equal(Tickets, disturbed.GetProperty("replayed").GetInt64());
        Assert.Equal(undisturbed.GetProperty("result").GetRawText(), disturbed.GetProperty("result").GetRawText());
    }

    private static async Task<string> StartAsync(SiloProcess silo, JsonObject request)
    {
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var started = await silo.Http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), content);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        return started.Headers.Location!.ToString();
    }

    /// <summary>Waits for the job to end; with <paramref name="kill"/>, first kills the silo it runs on once it is under way.</summary>
    private async Task<JsonElement> WaitAsync(SiloProcess via, string location, (SiloProcess, SiloProcess)? kill)
    {
        var asked = via;
        if (kill is var (first, second))
        {
            var running = await Eventually.ValueAsync(
                () => via.Http.GetFromJsonAsync<JsonElement>(new Uri(location, UriKind.Relative)),
                v => v.GetProperty("replayed").GetInt64() > 0,
                TimeSpan.FromSeconds(30),
                "the job under way",
                v => v.GetRawText());
            Assert.Equal("running", running.GetProperty("status").GetString());
            var victim = running.GetProperty("silo").GetString() == first.Name ? first : second;
            asked = victim == first ? second : first;
            victim.Kill();
            output.WriteLine($"killed {victim.Name} after {running.GetProperty("replayed").GetInt64()} of {Tickets} tickets");
        }

        var done = await Eventually.ValueAsync(
            () => asked.Http.GetFromJsonAsync<JsonElement>(new Uri(location, UriKind.Relative)),
            v => v.GetProperty("status").GetString() != "running",
            TimeSpan.FromSeconds(120),
            "the job done",
            v => $"{v.GetProperty("status")} {v.GetProperty("replayed")} on {v.GetProperty("silo")}",
            TimeSpan.FromMilliseconds(500),
            ex => ex is HttpRequestException or TaskCanceledException);
        output.WriteLine($"done on {done.GetProperty("silo").GetString()}: {done.GetProperty("replayed").GetInt64()} tickets");
        return done;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests;

/// <summary>
/// The outage answer when the failing grain lives on another silo: its database error crosses the wire, and must
/// still reach the gateway as "unavailable" (503 with Retry-After), not as a 500. Found by the chaos run.
/// </summary>
public sealed class CrossSiloOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_PostgreSQL_is_down_events_for_tickets_on_either_silo_get_503_never_500()
    {
        // A server of its own: this test stops it.
        await using var server = await PostgresServer.StartThrowawayAsync(durableWrites: false);
        var database = await server.CreateMigratedDatabaseAsync("crossoutage");
        var cluster = "xo-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        var targets = new JsonObject { ["first_reply"] = new JsonObject { ["target"] = "PT1H", ["calendar"] = "24x7" } };
        await a.Http.PutJsonAsync("/v1/policies", new JsonArray(new JsonObject { ["id"] = "all", ["targets"] = new JsonObject { ["high"] = targets } }));

        // Tickets activated through both gateways, so each gateway also calls tickets living on the other silo.
        var now = DateTimeOffset.UtcNow;
        const int Tickets = 16;
        for (var i = 0; i < Tickets; i++)
        {
            var (status, body) = await (i % 2 == 0 ? a : b).Http.PostEventsAsync(GatewayRequests.Created($"xo:{i}", $"xo:{i}-created", now));
            Assert.True(status == HttpStatusCode.Accepted, body);
        }

        var restart = server.RestartAsync(TimeSpan.FromSeconds(8));
        await Eventually.TrueAsync(() => RefusesConnectionsAsync(server), TimeSpan.FromSeconds(8), "PostgreSQL to go down", pace: TimeSpan.FromMilliseconds(100));
        var answers = new List<(HttpStatusCode Status, bool RetryAfter)>();
        for (var i = 0; i < Tickets && !restart.IsCompleted; i++)
        {
            foreach (var silo in new[] { a, b })
            {
                var comment = GatewayRequests.Comment($"xo:{i}", $"xo:{i}-{silo.Name}", DateTimeOffset.UtcNow, "requester");
                using var content = new StringContent(comment.ToJsonString(), System.Text.Encoding.UTF8, "application/cloudevents+json");
                using var response = await silo.Http.PostAsync(new Uri("/v1/events", UriKind.Relative), content);
                answers.Add((response.StatusCode, response.Headers.RetryAfter is not null));
            }
        }

        await restart;
        output.WriteLine(string.Join(", ", answers.GroupBy(x => $"{(int)x.Status}{(x.RetryAfter ? " Retry-After" : string.Empty)}").Select(g => $"{g.Count()} x {g.Key}")));
        Assert.NotEmpty(answers);
        Assert.All(answers, x => Assert.True(x.Status == HttpStatusCode.ServiceUnavailable && x.RetryAfter, $"answered {(int)x.Status} while PostgreSQL was down"));
    }

    private static async Task<bool> RefusesConnectionsAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false, Timeout = 2 }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return false;
        }
        catch (NpgsqlException)
        {
            return true;
        }
    }
}

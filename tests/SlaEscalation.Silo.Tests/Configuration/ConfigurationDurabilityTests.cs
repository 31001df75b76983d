using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SlaEscalation.Testing;
using static SlaEscalation.Silo.Tests.Configuration.ConfigurationHttp;

namespace SlaEscalation.Silo.Tests.Configuration;

/// <summary>The configuration on PostgreSQL, through real silo processes.</summary>
public sealed class ConfigurationDurabilityTests
{
    [Fact]
    public async Task The_configuration_and_its_history_survive_a_whole_silo_restart()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("config");
        var cluster = "config-" + Guid.NewGuid().ToString("N")[..8];
        string stored;

        await using (var first = await SiloProcess.StartAsync(SiloProcess.Environment("config-1", cluster, database)))
        {
            using var calendar = await PutAsync(first.Http, "/v1/calendars/berlin", """{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","18:00"]]}}""");
            using var policies = await PutAsync(first.Http, "/v1/policies",
                """[{"id":"eu","targets":{"high":{"first_reply":{"target":"PT4H","calendar":"berlin"}}}}]""");
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (calendar.StatusCode, policies.StatusCode));
            stored = (await first.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration", UriKind.Relative))).GetProperty("document").GetRawText();

            // A crash, not a goodbye: a 200 must already mean the change is in PostgreSQL.
            first.Kill();
        }

        // The killed silo stays in the membership table until declared dead; a fresh cluster id with the same
        // service id (which keys grain state) starts at once and must still find everything.
        var restarted = SiloProcess.Environment("config-2", cluster, database);
        restarted["Cluster__ClusterId"] = cluster + "-after";
        await using var second = await SiloProcess.StartAsync(restarted);
        var configuration = await second.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration", UriKind.Relative));
        var history = await second.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration/history", UriKind.Relative));

        Assert.Equal(2, configuration.GetProperty("version").GetInt64());
        Assert.Equal("test-operator", configuration.GetProperty("changedBy").GetString());
        Assert.Equal(stored, configuration.GetProperty("document").GetRawText());
        Assert.Equal(
            ["policies", "calendar"],
            history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("part").GetString()));
    }
}

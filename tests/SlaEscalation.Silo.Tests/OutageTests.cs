using System.Net;
using Npgsql;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>While PostgreSQL refuses the silo, the gateway answers 503 with Retry-After, never 500; after, it recovers.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task While_the_database_is_unavailable_requests_get_503_with_retry_after_and_succeed_when_it_returns()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateMigratedDatabaseAsync("outage");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("outage", "outage-" + Guid.NewGuid().ToString("N")[..8], database));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Created("outage:before", "b1", now))).Status);

        await SetConnectionsAllowedAsync(server, name, allowed: false);
        try
        {
            var post = await silo.Http.PostEventsAsync(GatewayRequests.Created("outage:during", "d1", now));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, post.Status);
            Assert.Contains("\"status\":503", post.Body, StringComparison.Ordinal);

            using var read = await silo.Http.GetAsync(new Uri("/v1/tickets/outage:unknown", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.Equal("5", read.Headers.RetryAfter?.ToString());

            using var ready = await silo.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await SetConnectionsAllowedAsync(server, name, allowed: true);
        }

        // The same request, resent once the database is back, is accepted: nothing was lost by refusing it.
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Created("outage:during", "d1", now))).Status);
        using var after = await silo.Http.GetAsync(new Uri("/v1/tickets/outage:during", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>Blocks (or lets back) every connection to one database, ending those open now: an outage of it alone.</summary>
    internal static async Task SetConnectionsAllowedAsync(PostgresServer server, string database, bool allowed)
    {
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("database", database);
            await terminate.ExecuteScalarAsync();
        }
    }
}

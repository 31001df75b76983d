using System.Net;
using System.Net.Http.Json;
using Npgsql;
using SlaEscalation.Contracts.Tickets;
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

            // The readiness probe's database check is cached for a second, so it may report the outage a second late.
            var ready = await Eventually.ValueAsync(
                async () =>
                {
                    using var response = await silo.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    return response.StatusCode;
                },
                status => status == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(10),
                "/health/ready to report the outage");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
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

    [Fact]
    public async Task An_event_refused_during_the_outage_and_resent_after_is_stored_before_its_202_even_if_the_silo_then_crashes()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateMigratedDatabaseAsync("outagedur");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        var service = "outagedur-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var comment = GatewayRequests.Comment("durable:1", "durable:1-comment", now, "requester");
        await using (var silo = await SiloProcess.StartAsync(SiloProcess.Environment("before-crash", service, database)))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Created("durable:1", "durable:1-created", now))).Status);
            await SetConnectionsAllowedAsync(server, name, allowed: false);
            try
            {
                // The ticket takes the event in, fails to write it, and answers 503.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await silo.Http.PostEventsAsync(comment)).Status);
            }
            finally
            {
                await SetConnectionsAllowedAsync(server, name, allowed: true);
            }

            // The resend must be written, not taken for a duplicate of what only the failed activation remembered.
            var resent = HttpStatusCode.ServiceUnavailable;
            for (var attempt = 0; attempt < 10 && resent != HttpStatusCode.Accepted; attempt++)
            {
                resent = (await silo.Http.PostEventsAsync(comment)).Status;
            }

            Assert.Equal(HttpStatusCode.Accepted, resent);
            silo.Kill();
        }

        // The same service (state and reminders), a new cluster id: no wait for the crashed silo's membership row.
        var environment = SiloProcess.Environment("after-crash", service, database);
        environment["Cluster__ClusterId"] = service + "-after";
        await using var restarted = await SiloProcess.StartAsync(environment);
        var ticket = await restarted.Http.GetFromJsonAsync<TicketView>(new Uri("/v1/tickets/durable:1", UriKind.Relative));
        Assert.Equal(2, ticket!.EventCount);
    }

    [Fact]
    public async Task While_the_database_is_unavailable_board_pages_are_the_boards_own_503_page_saying_to_retry()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateMigratedDatabaseAsync("boardoutage");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("board-outage", "board-outage-" + Guid.NewGuid().ToString("N")[..8], database));
        using var browser = new Board.BoardClient(silo);
        using var signIn = await browser.SignInAsync();

        await SetConnectionsAllowedAsync(server, name, allowed: false);
        try
        {
            foreach (var path in new[] { "/board", "/board/tickets/outage:unknown" })
            {
                using var page = await browser.GetAsync(path);
                var html = await page.Content.ReadAsStringAsync();
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/html", "5"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType, page.Headers.RetryAfter?.ToString()));
                Assert.Contains("Temporarily unavailable", html, StringComparison.Ordinal);
                Assert.Contains("try again", html, StringComparison.Ordinal);
            }
        }
        finally
        {
            await SetConnectionsAllowedAsync(server, name, allowed: true);
        }
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

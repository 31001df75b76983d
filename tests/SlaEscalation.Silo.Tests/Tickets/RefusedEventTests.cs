using System.Net;
using System.Net.Http.Json;
using SlaEscalation.Contracts.Tickets;
using Npgsql;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Tickets;

/// <summary>An event refused while its ticket could not store it is not lost when the same request is resent.</summary>
public sealed class RefusedEventTests
{
    [Fact]
    public async Task An_event_refused_with_503_on_an_active_ticket_is_stored_when_resent_not_called_a_duplicate()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateMigratedDatabaseAsync("refused");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("refused", "refused-" + Guid.NewGuid().ToString("N")[..8], database));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(GatewayRequests.Created("refused:1", "created", now.AddMinutes(-5)))).Status);

        // The ticket is active, its history in memory; its next event cannot be written.
        var reply = GatewayRequests.Comment("refused:1", "reply", now.AddMinutes(-1), "agent");
        await OutageTests.SetConnectionsAllowedAsync(server, name, allowed: false);
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await silo.Http.PostEventsAsync(reply)).Status);
        }
        finally
        {
            await OutageTests.SetConnectionsAllowedAsync(server, name, allowed: true);
        }

        // Resent as a client would after a 503: the silo's pooled connections died with the outage, and a path
        // that meets one first answers 503 once more.
        var resent = await Eventually.ValueAsync(
            () => silo.Http.PostEventsAsync(reply), r => r.Status != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10),
            "an answer other than 503 to the resend", pace: TimeSpan.FromMilliseconds(500));

        Assert.Equal(HttpStatusCode.Accepted, resent.Status);

        // Stored, not merely acknowledged: the fault was a resend called a duplicate of what was never written.
        var ticket = await silo.Http.GetFromJsonAsync<TicketView>(new Uri("/v1/tickets/refused:1", UriKind.Relative));
        Assert.Equal(2, ticket!.EventCount);
    }
}

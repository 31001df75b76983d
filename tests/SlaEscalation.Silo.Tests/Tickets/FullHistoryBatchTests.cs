using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Tickets;

/// <summary>A batch naming a ticket whose history is full is refused whole: the other tickets' events are not stored either.</summary>
public sealed class FullHistoryBatchTests
{
    [Fact]
    public async Task A_batch_with_one_full_ticket_answers_422_pointing_at_it_and_stores_nothing()
    {
        await using var silo = await SiloProcess.StartAsync(SiloProcess.Environment("fullbatch", "fullbatch-" + Guid.NewGuid().ToString("N")[..8], postgres: null));
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var from = 0; from < TicketHistoryLimit.MaxEvents; from += 1_000)
        {
            var fill = new JsonArray([.. Enumerable.Range(from, 1_000).Select(i => i == 0
                ? GatewayRequests.Created("full:busy", "e0", start)
                : GatewayRequests.Comment("full:busy", $"e{i}", start.AddSeconds(i), i % 2 == 0 ? "agent" : "requester"))]);
            Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(fill)).Status);
        }

        var mixed = new JsonArray(
            GatewayRequests.Created("full:quiet", "q0", start),
            GatewayRequests.Comment("full:quiet", "q1", start.AddMinutes(1), "agent"),
            GatewayRequests.Comment("full:busy", "late", start.AddDays(1), "agent"));
        var (status, body) = await silo.Http.PostEventsAsync(mixed);
        var repeats = new JsonArray(GatewayRequests.Created("full:busy", "e0", start), GatewayRequests.Comment("full:busy", "e7", start.AddSeconds(7), "requester"));
        var (repeatStatus, _) = await silo.Http.PostEventsAsync(repeats);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("/2/subject", error.GetProperty("pointer").GetString());
        Assert.Equal("ticket full:busy keeps at most 25000 events: its 1 new event(s) do not fit", error.GetProperty("detail").GetString());
        using (var quiet = await silo.Http.GetAsync(new Uri("/v1/tickets/full:quiet", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, quiet.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, repeatStatus);
        using var busy = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/tickets/full:busy", UriKind.Relative)));
        Assert.Equal(TicketHistoryLimit.MaxEvents, busy.RootElement.GetProperty("eventCount").GetInt32());
    }
}

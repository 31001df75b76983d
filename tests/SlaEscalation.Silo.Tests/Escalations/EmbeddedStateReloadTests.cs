using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// The embedded silo keeps grain state in memory, written and read back as the durable storage does. Written as JSON
/// with type names, an escalation's state was refused when read back (its progress type was not one the reader
/// allowed): once its first activation went, every read and command answered 503 for good.
/// </summary>
public sealed class EmbeddedStateReloadTests
{
    [Fact]
    public async Task An_escalation_and_its_ticket_load_again_after_their_activations_go()
    {
        var created = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        await using var silo = await WalkthroughSilo.StartAsync(created);
        var ticket = GatewayRequests.Event("helpdesk:4001", "evt-1", "ticket.created", created, new JsonObject
        {
            ["subject"] = "Checkout fails", ["priority"] = "urgent", ["channel"] = "email", ["tags"] = new JsonArray("vip"),
        }, source: "helpdesk");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(ticket)).Item1);

        // The sample's urgent first reply is at risk after a minute, where the walkthrough runbook raises level 1.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var open = await silo.UntilAsync("/v1/escalations?ticket=helpdesk:4001&state=open", page => page["escalations"]!.AsArray().Count == 1);
        var id = open["escalations"]![0]!["id"]!.GetValue<string>();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var escalation = grains.GetGrain<IEscalationGrain>(id).GetGrainId();
        var ticketGrain = grains.GetGrain<ITicketGrain>("helpdesk:4001").GetGrainId();

        await Eventually.ValueAsync(
            async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                var active = (await management.GetActiveGrains(escalation.Type)).Concat(await management.GetActiveGrains(ticketGrain.Type)).ToList();
                return !active.Contains(escalation) && !active.Contains(ticketGrain);
            },
            gone => gone,
            TimeSpan.FromSeconds(30),
            "the escalation's and the ticket's activations to go");

        using var read = await silo.Http.GetAsync(new Uri($"/v1/escalations/{id}", UriKind.Relative));
        using var ticketRead = await silo.Http.GetAsync(new Uri("/v1/tickets/helpdesk:4001", UriKind.Relative));
        using var ack = await silo.Http.PostAsJsonAsync($"/v1/escalations/{id}/ack", new { by = "alice" });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (read.StatusCode, ticketRead.StatusCode, ack.StatusCode));
        Assert.Equal(1, (await read.Content.ReadFromJsonAsync<EscalationView>())!.Level);
    }
}

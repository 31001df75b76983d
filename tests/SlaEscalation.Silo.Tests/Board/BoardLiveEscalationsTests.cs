using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Silo.Board;
using SlaEscalation.Silo.Tests.Escalations;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>
/// Open boards hear of escalations as their rows are written: raised, then acknowledged, each reaches a connected page
/// with its team, owner, state and level, so the Escalations page can say its list changed.
/// </summary>
public sealed class BoardLiveEscalationsTests
{
    [Fact]
    public async Task A_raised_and_then_acknowledged_escalation_reaches_a_connected_page_each_time()
    {
        var created = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        await using var silo = await WalkthroughSilo.StartAsync(created);
        using var page = silo.Services.GetRequiredService<BoardFeed>().Connect();
        var ticket = GatewayRequests.Event("helpdesk:3001", "evt-1", "ticket.created", created, new JsonObject
        {
            ["subject"] = "Checkout fails", ["priority"] = "urgent", ["channel"] = "email",
        }, source: "helpdesk");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(ticket)).Item1);

        // The sample's urgent first reply is at risk after a minute, where the walkthrough runbook raises level 1.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var raised = await NextEscalationAsync(silo, page, e => e.TicketKey == "helpdesk:3001");
        using var ack = await silo.Http.PostAsJsonAsync($"/v1/escalations/{raised.Id}/ack", new { by = "alice" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acknowledged = await NextEscalationAsync(silo, page, e => e.Id == raised.Id && e.UpdatedAt > raised.UpdatedAt);

        Assert.Equal(("support", "open", 1), (raised.Team, raised.State, raised.Level));
        Assert.StartsWith("user:", raised.Owner, StringComparison.Ordinal);
        Assert.Equal((raised.Owner, "open", 1), (acknowledged.Owner, acknowledged.State, acknowledged.Level));
    }

    /// <summary>
    /// The next escalation change <paramref name="wanted"/>, within 20 s of real time; the bus runs on the fake clock,
    /// so while nothing comes the clock is nudged a millisecond, as <see cref="WalkthroughSilo.UntilAsync"/> does.
    /// </summary>
    private static async Task<BoardEscalation> NextEscalationAsync(WalkthroughSilo silo, BoardConnection page, Func<BoardEscalation, bool> wanted)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        while (DateTimeOffset.UtcNow < until)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            try
            {
                if ((await page.Changes.ReadAsync(quiet.Token)).Escalation is { } escalation && wanted(escalation))
                {
                    return escalation;
                }
            }
            catch (OperationCanceledException)
            {
                silo.Clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        throw new TimeoutException("no such escalation change reached the page within 20 s");
    }
}

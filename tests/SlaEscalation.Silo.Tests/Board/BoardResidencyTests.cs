using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Board;
using SlaEscalation.Silo.Tests.Escalations;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>
/// The live board draws a ticket going at risk without keeping it active: a ticket woken only by its clock still lets
/// go of its activation once its transition is confirmed, whoever has the board open.
/// </summary>
public sealed class BoardResidencyTests
{
    [Fact]
    public async Task A_ticket_at_risk_reaches_an_open_board_with_its_metric_and_policy_and_still_lets_go_of_its_activation()
    {
        // A first reply due in an hour, at risk at 45 minutes, and no runbook: nothing but its clock wakes the ticket.
        var created = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        await using var silo = await WalkthroughSilo.StartAsync(created);
        using var configuration = new StringContent("""
            policies:
              - id: quiet
                when: { priority: [high] }
                targets: { high: { first_reply: { target: PT1H, calendar: 24x7 } } }
                atRisk: { first_reply: { percent: 75 } }
            """, Encoding.UTF8, "application/yaml");
        (await silo.Http.PutAsync(new Uri("/v1/configuration", UriKind.Relative), configuration)).EnsureSuccessStatusCode();
        var ticket = GatewayRequests.Event("helpdesk:2001", "evt-1", "ticket.created", created, new JsonObject
        {
            ["subject"] = "Export is slow", ["priority"] = "high", ["channel"] = "email",
        }, source: "helpdesk");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(ticket)).Item1);

        using var page = silo.Services.GetRequiredService<BoardFeed>().Connect();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var id = grains.GetGrain<ITicketGrain>("helpdesk:2001").GetGrainId();
        await management.ForceActivationCollection(TimeSpan.Zero);
        await UntilAsync(async () => !await ActiveAsync(management, id), "the ticket's activation to go after its event");

        await silo.AdvanceAsync(TimeSpan.FromMinutes(45));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        BoardTicket shown;
        do
        {
            shown = await page.Changes.ReadAsync(timeout.Token);
        }
        while (shown.Key != "helpdesk:2001" || shown.SlaState != BoardTicket.AtRisk);

        Assert.Equal(("first_reply", "quiet", created.AddHours(1)), (shown.Metric, shown.PolicyId, shown.Deadline));
        await UntilAsync(async () => !await ActiveAsync(management, id), "the ticket's activation to go after its at-risk, the board open");
    }

    private static async Task<bool> ActiveAsync(IManagementGrain management, GrainId id) =>
        (await management.GetActiveGrains(id.Type)).Contains(id);

    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.ValueAsync(condition, gone => gone, TimeSpan.FromSeconds(10), what);
}

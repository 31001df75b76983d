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
/// The live board draws a ticket going at risk from the entry its ticket wrote, without reading the ticket: a read
/// counts as a caller, and kept every ticket woken only by its clock active for its two idle minutes.
/// </summary>
public sealed class BoardResidencyTests
{
    [Fact]
    public async Task A_ticket_at_risk_reaches_an_open_board_with_its_metric_and_policy_without_a_read_of_the_ticket()
    {
        // A first reply due in an hour, at risk at 45 minutes, and no runbook: nothing but its clock wakes the ticket.
        var created = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        var calls = new TicketCalls();
        await using var silo = await WalkthroughSilo.StartAsync(created, services => services.AddSingleton<IIncomingGrainCallFilter>(calls));
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

        calls.Clear();
        await silo.AdvanceAsync(TimeSpan.FromMinutes(45));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        BoardTicket? shown;
        do
        {
            shown = (await page.Changes.ReadAsync(timeout.Token)).Ticket;
        }
        while (shown is null || shown.Key != "helpdesk:2001" || shown.SlaState != BoardTicket.AtRisk);

        Assert.Equal(("first_reply", "quiet", created.AddHours(1)), (shown.Metric, shown.PolicyId, shown.Deadline));

        // The feed drew it without a read: a read counts as a caller and keeps the ticket its two idle minutes.
        Assert.DoesNotContain(nameof(ITicketGrain.GetAsync), calls.Names);
    }

    private static async Task<bool> ActiveAsync(IManagementGrain management, GrainId id) =>
        (await management.GetActiveGrains(id.Type)).Contains(id);

    /// <summary>The methods called on ticket grains since the last <see cref="Clear"/>.</summary>
    private sealed class TicketCalls : IIncomingGrainCallFilter
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> names = new();

        public IReadOnlyCollection<string> Names => names;

        public void Clear() => names.Clear();

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is ITicketGrain)
            {
                names.Enqueue(context.InterfaceMethod.Name);
            }

            return context.Invoke();
        }
    }

    /// <summary>Waits in real time, the fake clock still, for a machine busy with other tests.</summary>
    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.ValueAsync(condition, gone => gone, TimeSpan.FromSeconds(30), what);
}

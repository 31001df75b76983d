using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// Which ticket activations stay after their work: one woken only by its clock goes once what it emitted is
/// confirmed; one that took events or reads keeps its idle minutes. A follower goes once it handled an at-risk.
/// </summary>
[Collection(TicketCollection.Name)]
public sealed class TicketResidencyTests(TicketCluster cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.UsePoliciesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private readonly Activations activations = new(cluster.Client.GetGrain<IManagementGrain>(0), cluster.Time);

    [Fact]
    public async Task A_ticket_woken_only_by_its_clock_lets_go_of_its_activation_and_one_being_read_keeps_it()
    {
        var run = Guid.NewGuid().ToString("N");
        var quiet = cluster.Client.GetGrain<ITicketGrain>("quiet:" + run);
        var read = cluster.Client.GetGrain<ITicketGrain>("read:" + run);
        var created = cluster.Time.GetUtcNow();
        foreach (var ticket in new[] { quiet, read })
        {
            await ticket.ApplyAsync([new TicketEventRecord("test", "created", TicketEventTypes.Created, created, new TicketFields(Priority: "high"))]);
        }

        // Both activations go; only the read ticket is activated again by a caller before its at-risk tick (2 h in,
        // with the breach 2 h after it).
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.NotNull(await read.GetAsync());
        await SettledAsync(quiet, read);
        cluster.Time.Advance(TimeSpan.FromHours(2));

        await activations.GoneAsync(quiet.GetGrainId(), "the quiet ticket's activation to go after its at-risk");
        Assert.True(await activations.ActiveAsync(read.GetGrainId()), "the ticket a caller read lost its activation too");

        // The quiet ticket's follower confirmed that at-risk (the ticket went only then) and let go of its activation
        // too: it holds no state, and nothing follows a clock's threshold soon.
        var follower = cluster.Client.GetGrain<ITicketFollowerGrain>("quiet:" + run).GetGrainId();
        await activations.GoneAsync(follower, "the quiet ticket's follower to let go of its activation after the at-risk");

        // Letting go lost nothing: the at-risk is recorded, once, and the breach still comes from the reminder.
        foreach (var ticket in new[] { quiet, read })
        {
            var view = await Eventually.ValueAsync(ticket.GetAsync, v => v!.Transitions.Any(t => t.TransitionId == "first_reply/at_risk"), TimeSpan.FromSeconds(10), "the at-risk");
            Assert.Single(view!.Transitions, t => t.TransitionId == "first_reply/at_risk");
        }

        await SettledAsync(quiet, read);
        cluster.Time.Advance(TimeSpan.FromHours(2));
        foreach (var ticket in new[] { quiet, read })
        {
            await Eventually.ValueAsync(ticket.GetAsync, v => v!.Transitions.Any(t => t.TransitionId == "first_reply/breached"), TimeSpan.FromSeconds(10), "the breach");
        }
    }

    [Fact]
    public async Task A_ticket_stores_its_confirmations_as_it_goes_so_its_next_tick_publishes_nothing_again()
    {
        var (ticket, management, _) = await CreatedAsync("stored:");
        var key = ticket.GetPrimaryKeyString();
        await management.ForceActivationCollection(TimeSpan.Zero);

        // The at-risk tick (2 h in): published, confirmed, and the activation goes with the confirmation stored.
        await SettledAsync(ticket);
        cluster.Time.Advance(TimeSpan.FromHours(2));
        await UntilNotifiedAsync(key, SlaTransitionTypes.AtRisk);
        await activations.GoneAsync(ticket.GetGrainId(), "the ticket to go after its at-risk was confirmed");
        Assert.Single(Notified(key, SlaTransitionTypes.AtRisk));

        // The breach tick activates it again. Had it kept the at-risk as unconfirmed, that activation would publish
        // it again ahead of the breach, on the same stream: the notifier would hear it twice by the breach.
        await SettledAsync(ticket);
        cluster.Time.Advance(TimeSpan.FromHours(2));
        await UntilNotifiedAsync(key, SlaTransitionTypes.Breached);
        Assert.Single(Notified(key, SlaTransitionTypes.AtRisk));
    }

    [Fact]
    public async Task A_ticket_that_could_not_store_its_confirmations_publishes_them_again_without_writing_them_again()
    {
        var (ticket, management, follower) = await CreatedAsync("again:");
        cluster.Time.Advance(TicketFollowerGrain.KeptAfterTransition);
        await activations.GoneAsync(follower, "the follower to confirm them and go");

        // Confirmed in memory only: the write as the activation goes fails, and what the ticket stored still holds
        // them as unconfirmed.
        FailableGrainStorage.FailWrites(ticket.GetGrainId());
        try
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            await activations.GoneAsync(ticket.GetGrainId(), "the ticket to go");
        }
        finally
        {
            FailableGrainStorage.Recover(ticket.GetGrainId());
        }

        var writes = FailableGrainStorage.WritesOf(ticket.GetGrainId());
        Assert.NotNull(await ticket.GetAsync());

        // The new activation published them again (the follower is back for them), and wrote nothing: nothing changed.
        await activations.UntilActiveAsync(follower, "the follower to get the transitions published again");
        Assert.Equal(writes, FailableGrainStorage.WritesOf(ticket.GetGrainId()));
    }

    [Fact]
    public async Task A_follower_lets_go_of_its_activation_soon_after_an_ordinary_transition()
    {
        // Created: its clocks start, and the follower handles those transitions (no threshold among them).
        var (_, management, follower) = await CreatedAsync("burst:");

        // Well before the two idle minutes of Orleans' collector, and with nothing else to handle, it goes.
        cluster.Time.Advance(TicketFollowerGrain.KeptAfterTransition);
        await activations.GoneAsync(follower, "the follower to let go of its activation after its ordinary transitions");
    }

    /// <summary>Waits until the tickets' reminders wait for their next tick, so a jump of the clock cannot skip it.</summary>
    private static async Task SettledAsync(params ITicketGrain[] tickets)
    {
        foreach (var ticket in tickets)
        {
            await ReminderLoops.SettledAsync(ticket.GetGrainId(), $"the reminder of {ticket.GetPrimaryKeyString()} to wait for its next tick");
        }
    }

    /// <summary>Creates a ticket and waits for its follower to take the transitions that started its clocks.</summary>
    private async Task<(ITicketGrain Ticket, IManagementGrain Management, GrainId Follower)> CreatedAsync(string prefix)
    {
        var key = prefix + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        await ticket.ApplyAsync([new TicketEventRecord("test", "created", TicketEventTypes.Created, cluster.Time.GetUtcNow(), new TicketFields(Priority: "high"))]);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var follower = cluster.Client.GetGrain<ITicketFollowerGrain>(key).GetGrainId();
        await activations.UntilActiveAsync(follower, "the follower to handle the ticket's first transitions");
        return (ticket, management, follower);
    }

    /// <summary>Waits until the notifier heard of a transition of the ticket, moving the clock for the bus meanwhile.</summary>
    private Task UntilNotifiedAsync(string ticket, string type) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Notified(ticket, type).Count),
            n =>
            {
                cluster.Time.Advance(TimeSpan.FromMilliseconds(200));
                return n > 0;
            },
            TimeSpan.FromSeconds(10),
            "the " + type,
            pace: TimeSpan.FromMilliseconds(50));

    private List<Notification> Notified(string ticket, string type) =>
        [.. cluster.Notifications.Sent.Where(n => n.Subject == ticket && n.Type == type)];
}

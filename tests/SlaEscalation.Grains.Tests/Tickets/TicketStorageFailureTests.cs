using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// A ticket whose state write fails at its deadline keeps the reminder that brings it back. On a silo of its own: on
/// the shared ticket cluster, its hour-long clock step also fired every other test's open tickets at once, and their
/// work (and any repair pass they were in) ran between this test's steps, which it counts by this ticket's ticks.
/// </summary>
public sealed class TicketStorageFailureTests(TicketCluster cluster) : IClassFixture<TicketCluster>, IAsyncLifetime
{
    private const string Breached = "first_reply/breached";

    public Task InitializeAsync() => cluster.UsePoliciesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_breach_whose_write_fails_is_emitted_by_the_next_tick_not_left_for_the_next_event()
    {
        var ticket = cluster.Client.GetGrain<ITicketGrain>("writefail:" + Guid.NewGuid().ToString("N"));
        var created = cluster.Time.GetUtcNow();
        await ticket.ApplyAsync([new TicketEventRecord("test", "created", TicketEventTypes.Created, created, new TicketFields(Priority: "urgent"))]);
        await StepAsync(ticket, TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1), "the at-risk tick before the deadline");

        // The deadline's tick finds the breach, and its state write fails (as when PostgreSQL goes away).
        FailableGrainStorage.FailWrites(ticket.GetGrainId());
        try
        {
            await StepAsync(ticket, TimeSpan.FromSeconds(1), "the deadline's tick, whose write fails");
        }
        finally
        {
            FailableGrainStorage.Recover(ticket.GetGrainId());
        }

        Assert.True(FailableGrainStorage.FailedWritesOf(ticket.GetGrainId()) > 0, "the deadline's write should have failed");

        // Storage is back: the next tick (one reminder period later) must record the breach. Read only a minute later, since
        // reading activates the ticket and would record the breach by itself.
        await StepAsync(ticket, TimeSpan.FromSeconds(10), "the tick a reminder period after the deadline");
        cluster.Time.Advance(TimeSpan.FromMinutes(1));

        // Recorded by the next tick at the latest. Sooner is right too: anything that activates the ticket after the
        // failed write (its follower's late confirmation, say) records the breach as it activates, at the deadline.
        var breach = (await ticket.GetAsync())!.Transitions.Single(t => t.TransitionId == Breached);
        Assert.Equal(created.AddHours(1), breach.At);
        Assert.InRange(breach.EmittedAt, created.AddHours(1), created.AddHours(1).AddSeconds(10));
    }

    /// <summary>
    /// Moves the clock once the ticket's reminder waits for its tick (a step before that would skip the tick to the
    /// reminder's next period), then waits until a tick has been delivered and the reminder waits again.
    /// </summary>
    private async Task StepAsync(ITicketGrain ticket, TimeSpan by, string tick)
    {
        await ReminderLoops.SettledAsync(ticket.GetGrainId(), "the ticket's reminder to wait for " + tick);
        var ticks = ReminderLoops.TicksDelivered(ticket.GetGrainId());
        cluster.Time.Advance(by);
        await ReminderLoops.TickedAsync(ticket.GetGrainId(), ticks, tick);
    }
}

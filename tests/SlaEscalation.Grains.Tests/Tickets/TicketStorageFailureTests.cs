using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A ticket whose state write fails at its deadline keeps the reminder that brings it back.</summary>
[Collection(TicketCollection.Name)]
public sealed class TicketStorageFailureTests(TicketCluster cluster) : IAsyncLifetime
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
        cluster.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        await Settle();

        // The deadline's tick finds the breach, and its state write fails (as when PostgreSQL goes away).
        FailableGrainStorage.FailWrites(ticket.GetGrainId());
        try
        {
            cluster.Time.Advance(TimeSpan.FromSeconds(1));
            await Settle();
        }
        finally
        {
            FailableGrainStorage.Recover(ticket.GetGrainId());
        }

        // Storage is back: the next tick (one reminder period later) must record the breach. Read only a minute later, since
        // reading activates the ticket and would record the breach by itself.
        cluster.Time.Advance(TimeSpan.FromSeconds(10));
        await Settle();
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        await Settle();

        var breach = (await ticket.GetAsync())!.Transitions.Single(t => t.TransitionId == Breached);
        Assert.Equal(created.AddHours(1), breach.At);
        Assert.Equal(created.AddHours(1).AddSeconds(10), breach.EmittedAt);
    }

    /// <summary>Gives reminder ticks the fake clock released a moment of real time to be delivered and handled.</summary>
    private static Task Settle() => Task.Delay(TimeSpan.FromSeconds(1));
}

using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A ticket silo of its own, since retention needs its clock moved by more than a year.</summary>
public sealed class RetentionCluster() : TicketClusterBase(new FakeTimeProvider(TicketCluster.Start))
{
    public FakeTimeProvider Time => (FakeTimeProvider)Clock;
}

/// <summary>Solved tickets quiet for longer than the retention age leave; the others, and audit chains, stay.</summary>
public sealed class RetentionTests(RetentionCluster cluster) : IClassFixture<RetentionCluster>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var result = await cluster.Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value)
            .ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Policies, null, TicketCluster.Policies, "test", null));
        Assert.Contains(result.Outcome, new[] { ConfigurationChangeOutcome.Applied, ConfigurationChangeOutcome.Unchanged });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_pass_removes_solved_tickets_quiet_for_400_days_and_keeps_open_and_recent_ones()
    {
        var run = Guid.NewGuid().ToString("N");
        var start = cluster.Time.GetUtcNow();
        var oldSolved = await TicketAsync($"old-solved:{run}", start.AddDays(-10), solvedAt: start.AddDays(-9));
        var oldOpen = await TicketAsync($"old-open:{run}", start.AddDays(-10), solvedAt: null);
        cluster.Time.Advance(TimeSpan.FromDays(401));
        var recentSolved = await TicketAsync($"recent-solved:{run}", cluster.Time.GetUtcNow().AddDays(-2), solvedAt: cluster.Time.GetUtcNow().AddDays(-1));

        var retention = cluster.Client.GetGrain<IRetentionGrain>(IRetentionGrain.Key);
        var before = await retention.GetStatusAsync();

        // A ticket whose transitions still wait for their follower's confirmation stays until a later pass.
        await Eventually.TrueAsync(
            async () =>
            {
                await retention.RunAsync();
                return await oldSolved.GetAsync() is null;
            },
            Within,
            "the old solved ticket removed");
        var status = await retention.RunAsync();
        var again = await retention.RunAsync();

        Assert.Null(await oldSolved.GetAsync());
        Assert.NotNull(await oldOpen.GetAsync());
        Assert.NotNull(await recentSolved.GetAsync());
        Assert.True(status.TicketsRemoved > before.TicketsRemoved, "the pass removed the old solved ticket");
        Assert.Equal((cluster.Time.GetUtcNow(), (string?)null), (status.LastPassCompletedAt!.Value, status.Cursor));

        // Its index entry went with it: the next pass finds nothing left to remove.
        Assert.Equal(status.TicketsRemoved, again.TicketsRemoved);
    }

    [Fact]
    public async Task A_ticket_refuses_to_forget_itself_while_it_has_events_after_the_cutoff()
    {
        var now = cluster.Time.GetUtcNow();
        var ticket = await TicketAsync($"quiet:{Guid.NewGuid():N}", now.AddDays(-3), solvedAt: now.AddDays(-1));

        // A twin made after it is forgotten once settled, so the refusal below is for the cutoff, not for what is owed.
        await SettledAsync(await TicketAsync($"twin:{Guid.NewGuid():N}", now.AddDays(-3), solvedAt: now.AddDays(-1)), now);

        Assert.False(await ticket.ForgetAsync(now.AddDays(-2)));
        await SettledAsync(ticket, now.AddMinutes(-1));
        Assert.Null(await ticket.GetAsync());
    }

    [Fact]
    public async Task A_forgotten_ticket_that_hears_again_starts_anew_and_continues_its_audit_chain()
    {
        var now = cluster.Time.GetUtcNow();
        var ticket = await TicketAsync($"again:{Guid.NewGuid():N}", now.AddDays(-3), solvedAt: now.AddDays(-2));
        await SettledAsync(ticket, now);

        // The created event again is not a duplicate any more; its audit entries follow the chain's old head.
        var outcome = await ticket.ApplyAsync([new TicketEventRecord("test", "reopened", TicketEventTypes.Created, now, new TicketFields(Priority: "high", Status: "open"))]);

        Assert.Equal(new IngestOutcome(1, 0), outcome);
        Assert.Equal(("open", 1), ((await ticket.GetAsync())!.Status, (await ticket.GetAsync())!.EventCount));
    }

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Asks the ticket to forget itself until it does: right after its events, its transitions still wait for their
    /// follower's confirmation (which the follower's timers, on the fake clock, bring), and a ticket that owes
    /// something stays.
    /// </summary>
    private Task SettledAsync(ITicketGrain ticket, DateTimeOffset quietBefore) =>
        Eventually.TrueAsync(
            () =>
            {
                cluster.Time.Advance(TimeSpan.FromSeconds(5));
                return ticket.ForgetAsync(quietBefore);
            },
            Within,
            "the ticket forgotten once its transitions are confirmed");

    private async Task<ITicketGrain> TicketAsync(string key, DateTimeOffset created, DateTimeOffset? solvedAt)
    {
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        await ticket.ApplyAsync([new TicketEventRecord("test", "created", TicketEventTypes.Created, created, new TicketFields(Priority: "high", Status: "open"))]);
        if (solvedAt is { } solved)
        {
            await ticket.ApplyAsync([new TicketEventRecord("test", "solved", TicketEventTypes.Updated, solved, new TicketFields(Status: "solved"))]);
        }

        return ticket;
    }
}

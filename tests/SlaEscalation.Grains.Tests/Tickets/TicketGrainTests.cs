using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>Ticket grains on a fake clock: transitions fire when time reaches them, once, and reach the event bus.</summary>
[Collection(TicketCollection.Name)]
public sealed class TicketGrainTests(TicketCluster cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.UsePoliciesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task At_risk_and_breach_fire_when_the_clock_reaches_them_and_not_before()
    {
        var key = "clock:" + Guid.NewGuid().ToString("N");
        var created = cluster.Time.GetUtcNow();
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        await ticket.ApplyAsync([Created(created)]);

        await AdvanceToJustBeforeAsync(ticket, created.AddHours(2));
        Assert.Empty(Sla(await ticket.GetAsync()));

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var atRisk = await UntilAsync(ticket, v => Sla(v).Contains("first_reply/at_risk"));
        Assert.Equal(["first_reply/at_risk"], Sla(atRisk));
        Assert.Equal(created.AddHours(2), atRisk.Transitions.Single(t => t.TransitionId == "first_reply/at_risk").EmittedAt);

        await AdvanceToJustBeforeAsync(ticket, created.AddHours(4));
        Assert.Equal(["first_reply/at_risk"], Sla(await ticket.GetAsync()));

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var breached = await UntilAsync(ticket, v => Sla(v).Contains("first_reply/breached"));
        var breach = breached.Transitions.Single(t => t.TransitionId == "first_reply/breached");
        Assert.Equal((created.AddHours(4), created.AddHours(4)), (breach.At, breach.EmittedAt));
        Assert.Equal("breached", breached.Metrics.Single(m => m.Metric == "first_reply").State);
    }

    [Fact]
    public async Task Transitions_fire_on_their_instant_when_the_reminder_service_took_the_registration_late()
    {
        // A reminder's schedule starts from when the reminder service handles the registration; a queue in front of
        // it (a burst of tickets registering) made every tick of the reminder late by the time the request waited.
        var key = "late-registration:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        cluster.ReminderRegistrations.Delay(ticket.GetGrainId(), TimeSpan.FromMilliseconds(700));
        var created = cluster.Time.GetUtcNow();
        await ticket.ApplyAsync([Created(created)]);

        await AdvanceToJustBeforeAsync(ticket, created.AddHours(2));
        Assert.Empty(Sla(await ticket.GetAsync()));

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var atRisk = await UntilAsync(ticket, v => Sla(v).Contains("first_reply/at_risk"));
        Assert.Equal(created.AddHours(2), atRisk.Transitions.Single(t => t.TransitionId == "first_reply/at_risk").EmittedAt);

        await AdvanceToJustBeforeAsync(ticket, created.AddHours(4));
        Assert.Equal(["first_reply/at_risk"], Sla(await ticket.GetAsync()));

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var breached = await UntilAsync(ticket, v => Sla(v).Contains("first_reply/breached"));
        Assert.Equal(created.AddHours(4), breached.Transitions.Single(t => t.TransitionId == "first_reply/breached").EmittedAt);
    }

    [Fact]
    public async Task Ticks_after_a_transition_never_emit_it_again()
    {
        var key = "ticks:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        await ticket.ApplyAsync([Created(cluster.Time.GetUtcNow())]);
        await ReminderLoops.SettledAsync(ticket.GetGrainId(), "the ticket's reminder to wait for its at-risk");
        cluster.Time.Advance(TimeSpan.FromHours(4));
        await UntilAsync(ticket, v => Sla(v).Contains("first_reply/breached"));

        // Every further tick, reminder or reconcile finds the transitions recorded.
        for (var i = 0; i < 10; i++)
        {
            cluster.Time.Advance(TimeSpan.FromSeconds(10));
            await ticket.RepriceAsync(0);
        }

        await NothingMoreArrivesAsync();
        Assert.Equal(["first_reply/at_risk", "first_reply/breached"], Sla(await ticket.GetAsync()));
    }

    [Fact]
    public async Task An_event_that_changes_no_clock_is_still_stored_before_it_is_acknowledged()
    {
        var key = "stored:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        var now = cluster.Time.GetUtcNow();
        await ticket.ApplyAsync([Created(now.AddMinutes(-2))]);

        // A private note, in the past, stops no clock, changes no owner and moves no reminder.
        var note = new TicketEventRecord("test", "note", TicketEventTypes.CommentAdded, now.AddMinutes(-1), TicketFields.None, "agent", false);
        Assert.Equal(new IngestOutcome(1, 0), await ticket.ApplyAsync([note]));
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(2, (await ticket.GetAsync())!.EventCount);
    }

    [Fact]
    public async Task A_completed_repair_pass_is_remembered_across_activations()
    {
        var team = """{"members":["x"],"lead":"x","onCall":"x","zone":"UTC","digestHour":8,"unassignedLimit":"PT30M","assignment":"round_robin"}""";
        var change = await cluster.Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value).ReplaceAsync(
            new ConfigurationChangeRequest(ConfigurationPartKind.Team, "team-" + Guid.NewGuid().ToString("N"), team, "test", null));
        Assert.Equal(ConfigurationChangeOutcome.Applied, change.Outcome);
        var repair = cluster.Client.GetGrain<IRepricingGrain>(IRepricingGrain.Key);

        await Eventually.ValueAsync(
            repair.GetStatusAsync, s => s.CompletedVersion >= change.Version, TimeSpan.FromSeconds(10), $"the repair pass of version {change.Version}");

        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(change.Version, (await repair.GetStatusAsync()).CompletedVersion);
    }

    private static TicketEventRecord Created(DateTimeOffset time) =>
        new("test", "created", TicketEventTypes.Created, time, new TicketFields(Priority: "high"));

    /// <summary>The SLA transitions (metric instance and threshold); owner changes and lifecycle steps left out.</summary>
    private static string[] Sla(TicketView? view) =>
        view!.Transitions.Where(t => !t.TransitionId.Contains('#', StringComparison.Ordinal)).Select(t => t.TransitionId).ToArray();

    /// <summary>
    /// Moves the clock to a second before <paramref name="instant"/> in two steps: to just before the reminder's early
    /// tick (<see cref="ReminderCadence.Lead"/>), then, once the reminder service's loop has settled on that tick
    /// (<see cref="ReminderLoops"/>), past it, which the ticket holds until the instant.
    /// </summary>
    private async Task AdvanceToJustBeforeAsync(ITicketGrain ticket, DateTimeOffset instant)
    {
        cluster.Time.Advance(instant - ReminderCadence.Lead - TimeSpan.FromSeconds(1) - cluster.Time.GetUtcNow());
        await NothingMoreArrivesAsync();
        await ReminderLoops.SettledAsync(ticket.GetGrainId(), $"the ticket's reminder to wait for its tick before {instant:HH:mm:ss}");
        cluster.Time.Advance(ReminderCadence.Lead);
        await NothingMoreArrivesAsync();
    }

    /// <summary>Gives reminder ticks the fake clock released a moment of real time, in which they should emit nothing.</summary>
    private static Task NothingMoreArrivesAsync() => NothingMore.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200));

    private static async Task<TicketView> UntilAsync(ITicketGrain ticket, Func<TicketView, bool> condition) =>
        (await Eventually.ValueAsync(
            ticket.GetAsync, view => condition(view!), TimeSpan.FromSeconds(10), "the ticket's transitions",
            view => string.Join(", ", view!.Transitions.Select(t => t.TransitionId))))!;
}

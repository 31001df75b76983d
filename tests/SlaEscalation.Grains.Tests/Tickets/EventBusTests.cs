using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>Transitions on the internal event bus, on real time (a fake clock expires stream deliveries in flight).</summary>
public sealed class EventBusTests(RealTimeTicketCluster cluster) : IClassFixture<RealTimeTicketCluster>
{
    [Fact]
    public async Task Transitions_reach_the_event_bus_once_each_in_order_with_stable_ids()
    {
        // first_reply 2 s, at risk at 50 %: at risk after 1 s, breached after 2 s.
        var policies = """
            [{"id":"all","targets":{"high":{"first_reply":{"target":"PT2S","calendar":"24x7"}}},"atRisk":{"first_reply":{"percent":50}}}]
            """;
        var change = await cluster.Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value)
            .ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Policies, null, policies, "test", null));
        Assert.Equal(ConfigurationChangeOutcome.Applied, change.Outcome);

        var key = "bus:" + Guid.NewGuid().ToString("N");
        var createdAt = cluster.Clock.GetUtcNow();
        await cluster.Client.GetGrain<ITicketGrain>(key).ApplyAsync(
            [new TicketEventRecord("test", "created", TicketEventTypes.Created, createdAt, new TicketFields(Priority: "high"))]);

        var recorder = cluster.Client.GetGrain<ITransitionRecorderGrain>(key);
        await Eventually.ValueAsync(
            recorder.GetReceivedAsync, r => r.Count >= 4, TimeSpan.FromSeconds(20), $"four transitions of {key} on the bus",
            r => string.Join(", ", r.Select(t => t.TransitionId)), TimeSpan.FromMilliseconds(50));

        // A moment more, so a repeat would have arrived too.
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));
        var received = await recorder.GetReceivedAsync();
        Assert.Equal(
            [$"{key}/owner#0", $"{key}/created#0", $"{key}/first_reply/at_risk", $"{key}/first_reply/breached"],
            received.Select(t => t.TransitionId));
        Assert.Equal(
            [SlaTransitionTypes.OwnerChanged, SlaTransitionTypes.TicketCreated, SlaTransitionTypes.AtRisk, SlaTransitionTypes.Breached],
            received.Select(t => t.Type));
        Assert.All(received, t => Assert.Equal(("high", createdAt), (t.Priority, t.TicketCreatedAt!.Value)));
        Assert.All(received, t => Assert.Equal(new TicketOwner("unrouted", null), t.Owner));
        Assert.Equal(received[2].At.AddSeconds(1), received[3].At);

        // What one change emitted travels as one message: the creation's owner and lifecycle step together, each
        // clock's threshold (reached by its own tick) alone.
        Assert.Equal(
            [[$"{key}/owner#0", $"{key}/created#0"], [$"{key}/first_reply/at_risk"], [$"{key}/first_reply/breached"]],
            await recorder.GetMessagesAsync());

        // SLA transitions carry the policy their clocks ran under, and an achievement whether it came on time, so
        // the consumers need not ask the ticket back; the others carry neither.
        Assert.Equal([null, null, "all", "all"], received.Select(t => t.PolicyId));
        Assert.All(received, t => Assert.Null(t.OnTime));
        await cluster.Client.GetGrain<ITicketGrain>(key).ApplyAsync(
            [new TicketEventRecord("test", "late reply", TicketEventTypes.CommentAdded, createdAt.AddSeconds(3), TicketFields.None, "agent", true)]);
        var late = await AchievedAsync(recorder);
        Assert.Equal(("all", false), (late.PolicyId, late.OnTime));

        var onTimeKey = "bus:" + Guid.NewGuid().ToString("N");
        await cluster.Client.GetGrain<ITicketGrain>(onTimeKey).ApplyAsync(
            [new TicketEventRecord("test", "created", TicketEventTypes.Created, createdAt, new TicketFields(Priority: "high")),
            new TicketEventRecord("test", "quick reply", TicketEventTypes.CommentAdded, createdAt.AddMilliseconds(500), TicketFields.None, "agent", true)]);
        var onTime = await AchievedAsync(cluster.Client.GetGrain<ITransitionRecorderGrain>(onTimeKey));
        Assert.Equal(("all", true), (onTime.PolicyId, onTime.OnTime));
    }

    private static async Task<SlaTransition> AchievedAsync(ITransitionRecorderGrain recorder) =>
        (await Eventually.ValueAsync(
            recorder.GetReceivedAsync, r => r.Any(t => t.Type == SlaTransitionTypes.Achieved), TimeSpan.FromSeconds(20), "an sla.achieved on the bus",
            r => string.Join(", ", r.Select(t => t.TransitionId)), TimeSpan.FromMilliseconds(50)))
            .First(t => t.Type == SlaTransitionTypes.Achieved);
}

using System.Text.Json;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A ticket's history is bounded, and reading a long one answers what deriving it afresh answers.</summary>
[Collection(TicketCollection.Name)]
public sealed class TicketHistoryTests(TicketCluster cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.UsePoliciesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_full_history_refuses_new_events_and_still_takes_repeats_as_duplicates()
    {
        var key = "full:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        var start = cluster.Time.GetUtcNow().AddDays(-30);
        var history = Enumerable.Range(0, TicketHistoryLimit.MaxEvents - 1).Select(i => Comment(start, i)).Prepend(Created(start)).ToArray();

        Assert.Equal(new IngestOutcome(TicketHistoryLimit.MaxEvents, 0), await ticket.ApplyAsync(history));
        var outcome = await ticket.ApplyAsync([Comment(start, TicketHistoryLimit.MaxEvents), history[7], Comment(start, TicketHistoryLimit.MaxEvents + 1)]);
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(new IngestOutcome(0, 1, 2), outcome);
        Assert.Equal(TicketHistoryLimit.MaxEvents, (await ticket.GetAsync())!.EventCount);
    }

    [Fact]
    public async Task Events_that_do_not_all_fit_are_all_refused_and_asking_first_changes_nothing()
    {
        var key = "almost:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        var start = cluster.Time.GetUtcNow().AddDays(-30);
        var history = Enumerable.Range(0, TicketHistoryLimit.MaxEvents - 2).Select(i => Comment(start, i)).Prepend(Created(start)).ToArray();
        await ticket.ApplyAsync(history);
        TicketEventRecord[] arriving = [Comment(start, 30_000), history[3], Comment(start, 30_001), Comment(start, 30_000)];

        var asked = await ticket.RefusesAsync(arriving);
        var outcome = await ticket.ApplyAsync(arriving);
        var fits = await ticket.ApplyAsync([Comment(start, 30_001)]);

        Assert.Equal((2, new IngestOutcome(0, 2, 2)), (asked, outcome));
        Assert.Equal(new IngestOutcome(1, 0), fits);
        Assert.Equal(TicketHistoryLimit.MaxEvents, (await ticket.GetAsync())!.EventCount);
    }

    [Fact]
    public async Task Reading_a_long_history_again_answers_what_a_fresh_activation_derives()
    {
        var key = "long:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        var start = cluster.Time.GetUtcNow().AddDays(-2);
        await ticket.ApplyAsync([Created(start), .. Enumerable.Range(0, 150).Select(i => Comment(start, i))]);
        foreach (var i in Enumerable.Range(150, 50))
        {
            await ticket.ApplyAsync([Comment(start, i)]);
        }

        var first = Json(await ticket.GetAsync());
        var again = Json(await ticket.GetAsync());
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var fresh = Json(await ticket.GetAsync());
        var before = await ticket.GetAsync();
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var later = await ticket.GetAsync();
        await ticket.ApplyAsync([Comment(start, 200)]);
        var afterComment = await ticket.GetAsync();

        Assert.Equal(first, again);
        Assert.Equal(first, fresh);
        Assert.Equal(TimeSpan.FromMinutes(1), Resolution(later).Elapsed - Resolution(before).Elapsed);
        Assert.Equal((201, 202), (before!.EventCount, afterComment!.EventCount));
    }

    [Fact]
    public async Task A_long_history_read_later_answers_what_a_fresh_activation_derives_then()
    {
        // The read after the clock moved carries the activation's evaluation forward; the fresh one derives it all.
        var key = "later:" + Guid.NewGuid().ToString("N");
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        var start = cluster.Time.GetUtcNow().AddHours(-3);
        await ticket.ApplyAsync([Created(start), .. Enumerable.Range(0, 100).Select(i => Comment(start, i))]);
        var first = await ticket.GetAsync();
        cluster.Time.Advance((first!.NextWakeUp!.Value - cluster.Time.GetUtcNow()) / 2);

        var carried = Json(await ticket.GetAsync());
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var fresh = Json(await ticket.GetAsync());

        Assert.Equal(fresh, carried);
        Assert.NotEqual(Json(first), carried);
    }

    private static TicketEventRecord Created(DateTimeOffset time) =>
        new("test", "created", TicketEventTypes.Created, time, new TicketFields(Priority: "high"));

    /// <summary>Comment <paramref name="i"/>, a minute after the one before: the requester on even steps, an agent on odd ones.</summary>
    private static TicketEventRecord Comment(DateTimeOffset start, int i) =>
        new("test", $"c{i}", TicketEventTypes.CommentAdded, start.AddMinutes(i + 1), TicketFields.None, i % 2 == 0 ? "requester" : "agent", true);

    private static MetricView Resolution(TicketView? view) => view!.Metrics.Single(m => m.Metric == "resolution");

    private static string Json(TicketView? view) => JsonSerializer.Serialize(view);
}

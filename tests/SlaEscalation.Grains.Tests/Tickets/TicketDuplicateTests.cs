using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A repeated event (same source and id) is a duplicate, for short histories and long ones alike.</summary>
[Collection(TicketCollection.Name)]
public sealed class TicketDuplicateTests(TicketCluster cluster)
{
    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public async Task Repeats_are_duplicates_in_a_batch_across_batches_and_after_reactivation(int count)
    {
        var ticket = cluster.Client.GetGrain<ITicketGrain>("dupes:" + Guid.NewGuid().ToString("N"));
        var start = cluster.Time.GetUtcNow().AddHours(-1);
        TicketEventRecord Comment(string source, string id, int minute) =>
            new(source, id, TicketEventTypes.CommentAdded, start.AddMinutes(minute), TicketFields.None, "agent", true);
        var history = new[] { new TicketEventRecord("test", "created", TicketEventTypes.Created, start, new TicketFields(Priority: "high")) }
            .Concat(Enumerable.Range(1, count - 1).Select(i => Comment("test", $"c{i}", i)))
            .ToArray();
        var sameIdOtherSource = Comment("other", "c1", 1);
        var fresh = Comment("test", "fresh", 59);

        Assert.Equal(new IngestOutcome(count, 0), await ticket.ApplyAsync(history));
        Assert.Equal(new IngestOutcome(1, count), await ticket.ApplyAsync([.. history, sameIdOtherSource]));
        Assert.Equal(new IngestOutcome(1, 1), await ticket.ApplyAsync([fresh, fresh]));
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(new IngestOutcome(0, count + 2), await ticket.ApplyAsync([.. history, sameIdOtherSource, fresh]));
        Assert.Equal(count + 2, (await ticket.GetAsync())!.EventCount);
    }
}

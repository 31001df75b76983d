using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>A simulation reads many tickets once: it reads their stored histories, not the tickets.</summary>
[Collection(TicketCollection.Name)]
public sealed class StoredTicketHistoryTests(TicketCluster cluster)
{
    [Fact]
    public async Task The_stored_history_is_the_tickets_history_and_reading_it_activates_no_ticket()
    {
        var (key, never) = ("stored:" + Guid.NewGuid().ToString("N"), "stored:never-" + Guid.NewGuid().ToString("N"));
        var start = cluster.Time.GetUtcNow().AddHours(-1);
        TicketEventRecord[] events =
        [
            new("test", "created", TicketEventTypes.Created, start, new TicketFields(Priority: "high")),
            new("test", "reply", TicketEventTypes.CommentAdded, start.AddMinutes(5), TicketFields.None, "agent", true),
        ];
        Assert.Equal(new IngestOutcome(2, 0), await cluster.Client.GetGrain<ITicketGrain>(key).ApplyAsync(events));
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var reader = new StoredTicketHistory(cluster.Client, cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>("Default"));

        var read = await reader.ReadAsync([key, never]);

        var active = (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId.Key.ToString()).ToHashSet();
        Assert.DoesNotContain(key, active);
        Assert.DoesNotContain(never, active);
        Assert.Equal(events, read[0]);
        Assert.Empty(read[1]);
        Assert.Equal(await cluster.Client.GetGrain<ITicketGrain>(key).GetHistoryAsync(), read[0]);
    }
}

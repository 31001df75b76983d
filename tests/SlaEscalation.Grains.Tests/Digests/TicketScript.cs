using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>Ticket events as a helpdesk sends them, applied straight to ticket grains; each event gets an id of its own.</summary>
public sealed class TicketScript(IClusterClient client)
{
    private int sequence;

    public Task CreatedAsync(string key, DateTimeOffset time, string priority, string team, string? assignee = null) =>
        ApplyAsync(key, TicketEventTypes.Created, time, new TicketFields(Priority: priority, Team: team, Assignee: assignee, Status: "open"));

    public Task ReplyAsync(string key, DateTimeOffset time) =>
        ApplyAsync(key, TicketEventTypes.CommentAdded, time, TicketFields.None, "agent", true);

    public Task TeamAsync(string key, DateTimeOffset time, string team) =>
        ApplyAsync(key, TicketEventTypes.Updated, time, new TicketFields(Team: team));

    public Task PriorityAsync(string key, DateTimeOffset time, string priority) =>
        ApplyAsync(key, TicketEventTypes.Updated, time, new TicketFields(Priority: priority));

    public Task StatusAsync(string key, DateTimeOffset time, string status) =>
        ApplyAsync(key, TicketEventTypes.Updated, time, new TicketFields(Status: status));

    private async Task ApplyAsync(string key, string type, DateTimeOffset time, TicketFields fields, string? role = null, bool? isPublic = null)
    {
        var id = $"e{Interlocked.Increment(ref sequence)}";
        var outcome = await client.GetGrain<ITicketGrain>(key).ApplyAsync([new TicketEventRecord("script", id, type, time, fields, role, isPublic)]);
        Assert.Equal(1, outcome.Accepted);
    }
}

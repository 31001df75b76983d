using System.Collections.Concurrent;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;

namespace SlaEscalation.Grains.Escalations;

/// <summary>The escalation index of the embedded default and the grain tests: one silo's memory.</summary>
public sealed class InMemoryEscalationIndex : IEscalationIndex
{
    private readonly ConcurrentDictionary<string, EscalationView> escalations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EngineeringTaskView> tasks = new(StringComparer.Ordinal);

    public Task UpsertAsync(EscalationView escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        escalations[escalation.Id] = escalation;
        return Task.CompletedTask;
    }

    public Task UpsertTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        tasks[task.Id] = task;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EscalationView>> ListAsync(EscalationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<EscalationView> page = escalations.Values
            .Where(e => (query.State is null || e.State == query.State)
                && (query.Owner is null || e.Owner == query.Owner)
                && (query.TicketKey is null || e.TicketKey == query.TicketKey)
                && (query.AfterId is null || string.CompareOrdinal(e.Id, query.AfterId) > 0))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToArray();
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<EngineeringTaskView>> ListTasksAsync(string ticketKey, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<EngineeringTaskView> found = tasks.Values
            .Where(t => t.TicketKey == ticketKey)
            .OrderBy(t => t.CreatedAt)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(found);
    }
}

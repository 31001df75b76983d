using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>The in-memory escalation index, whose task rows a test can refuse for a while, as an outage would.</summary>
public sealed class RefusingEscalationIndex : IEscalationIndex
{
    private readonly InMemoryEscalationIndex inner = new();

    /// <summary>While set, every task row write fails.</summary>
    public bool RefuseTasks { get; set; }

    public Task UpsertAsync(EscalationView escalation, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(escalation, cancellationToken);

    public Task UpsertTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken = default) =>
        RefuseTasks ? Task.FromException(new InvalidOperationException("task rows refused by the test")) : inner.UpsertTaskAsync(task, cancellationToken);

    public Task<IReadOnlyList<EscalationView>> ListAsync(EscalationQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<EngineeringTaskView>> ListTasksAsync(string ticketKey, CancellationToken cancellationToken = default) =>
        inner.ListTasksAsync(ticketKey, cancellationToken);
}

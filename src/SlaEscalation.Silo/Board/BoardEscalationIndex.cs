using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// The escalation index as grains see it, telling this silo's <see cref="BoardFeed"/> of each escalation row written:
/// the row is what the Escalations page lists, so its changes are what open pages must hear of.
/// </summary>
public sealed class BoardEscalationIndex(IEscalationIndex inner, BoardFeed feed) : IEscalationIndex
{
    public async Task UpsertAsync(EscalationView escalation, CancellationToken cancellationToken = default)
    {
        await inner.UpsertAsync(escalation, cancellationToken);
        feed.Offer(escalation);
    }

    public Task UpsertTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken = default) =>
        inner.UpsertTaskAsync(task, cancellationToken);

    public Task<IReadOnlyList<EscalationView>> ListAsync(EscalationQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(query, cancellationToken);

    // Forwarded, not left to the interface's default: the inner index may answer it in one query.
    public Task<IReadOnlyList<EscalationView>> ListForTicketsAsync(IReadOnlyCollection<string> ticketKeys, CancellationToken cancellationToken = default) =>
        inner.ListForTicketsAsync(ticketKeys, cancellationToken);

    public Task<IReadOnlyList<EngineeringTaskView>> ListTasksAsync(string ticketKey, CancellationToken cancellationToken = default) =>
        inner.ListTasksAsync(ticketKey, cancellationToken);
}

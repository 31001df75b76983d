using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// The lists behind <c>GET /v1/escalations?state=&amp;owner=&amp;ticket=</c> and a ticket's escalations and tasks: rows
/// written by each escalation and task grain when what they show changes, so listing never scans grains.
/// </summary>
public interface IEscalationIndex
{
    Task UpsertAsync(EscalationView escalation, CancellationToken cancellationToken = default);

    Task UpsertTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken = default);

    /// <summary>Escalations matching every filter of <paramref name="query"/>, by id.</summary>
    Task<IReadOnlyList<EscalationView>> ListAsync(EscalationQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every escalation of the tickets in <paramref name="ticketKeys"/>, by id. An index that can answer in one query
    /// should: a simulation asks this for each page of tickets it replays.
    /// </summary>
    async Task<IReadOnlyList<EscalationView>> ListForTicketsAsync(IReadOnlyCollection<string> ticketKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketKeys);
        var views = new List<EscalationView>();
        foreach (var key in ticketKeys)
        {
            views.AddRange(await ListAsync(new EscalationQuery(null, null, key, null, int.MaxValue), cancellationToken));
        }

        return [.. views.OrderBy(v => v.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// How many escalations are open at each runbook level (levels with none are absent). An index that can count
    /// without reading every open escalation should: the open-escalation gauge asks this every half minute.
    /// </summary>
    async Task<IReadOnlyDictionary<int, long>> CountOpenByLevelAsync(CancellationToken cancellationToken = default)
    {
        var open = await ListAsync(new EscalationQuery("open", null, null, null, int.MaxValue), cancellationToken);
        return open.GroupBy(e => e.Level).ToDictionary(g => g.Key, g => (long)g.Count());
    }

    /// <summary>The tasks of <paramref name="ticketKey"/>, oldest first.</summary>
    Task<IReadOnlyList<EngineeringTaskView>> ListTasksAsync(string ticketKey, CancellationToken cancellationToken = default);
}

/// <summary>Filters of an escalation listing; null filters match everything.</summary>
/// <param name="State"><c>open</c> or <c>resolved</c>.</param>
/// <param name="Owner">An owner reference (<c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>).</param>
/// <param name="TicketKey">A ticket.</param>
/// <param name="AfterId">Only ids after this one (paging).</param>
/// <param name="Limit">At most this many.</param>
public sealed record EscalationQuery(string? State, string? Owner, string? TicketKey, string? AfterId, int Limit);

using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Board;

/// <summary>The Now page's lists, read from the ticket index, with each ticket's metric and policy from its grain.</summary>
public sealed class BoardTickets(ITicketIndex index, IGrainFactory grains)
{
    private const int Page = 1000;

    /// <summary>A list of the Now page: the first <c>rows</c> most urgent tickets drawn and how many there are in all.</summary>
    public sealed record NowList(IReadOnlyList<BoardTicket> Tickets, int Total);

    /// <summary>
    /// The tickets in <paramref name="slaState"/> of <paramref name="team"/> (all when null) and, when given, of
    /// <paramref name="agent"/>, soonest deadline first; the first <paramref name="rows"/> described in full.
    /// </summary>
    public async Task<NowList> ListAsync(string slaState, string? team, string? agent, int rows, CancellationToken cancellationToken)
    {
        var entries = new List<TicketIndexEntry>();
        string? after = null;
        while (true)
        {
            var page = await index.ListAsync(slaState, team, after, Page, cancellationToken);
            entries.AddRange(agent is null ? page : page.Where(e => e.Agent == agent));
            if (page.Count < Page)
            {
                break;
            }

            after = page[^1].Key;
        }

        var first = entries.OrderBy(e => e.NextDeadline ?? DateTimeOffset.MaxValue).ThenBy(e => e.Key, StringComparer.Ordinal).Take(rows);
        var described = await Task.WhenAll(first.Select(async entry =>
        {
            var ticket = new BoardTicket(entry.Key, entry.Team, entry.Agent, entry.SlaState, entry.NextDeadline, null, null, entry.UpdatedAt);
            var view = await grains.GetGrain<ITicketGrain>(entry.Key).GetAsync();
            return view is null ? ticket : Describe(ticket, view);
        }));

        // The deadline drawn is the metric's, which can differ from the entry's next deadline: sort again.
        return new NowList(described.OrderBy(t => t.Deadline ?? DateTimeOffset.MaxValue).ThenBy(t => t.Key, StringComparer.Ordinal).ToArray(), entries.Count);
    }

    /// <summary>
    /// <paramref name="ticket"/> with the metric whose deadline the page counts to: the clock in the ticket's state
    /// with the soonest deadline (a breached one for a breached ticket), and the ticket's policy.
    /// </summary>
    public static BoardTicket Describe(BoardTicket ticket, TicketView view)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(view);
        var metric = TicketIndexEntry.UrgentMetric(view.Metrics, ticket.SlaState);
        return ticket with
        {
            Metric = metric?.Metric,
            Deadline = metric?.Deadline ?? ticket.Deadline,
            PolicyId = view.PolicyId,
        };
    }

    /// <summary>
    /// An entry its ticket just wrote, as the page shows it: the entry carries the metric, its deadline and the policy
    /// (<see cref="Describe(BoardTicket, TicketView)"/>'s choice, made by the ticket), so the live board asks no
    /// ticket. A read here kept each ticket that went at risk or breached active for its idle minutes, however it was
    /// woken.
    /// </summary>
    public static BoardTicket Describe(TicketIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var ticket = new BoardTicket(entry.Key, entry.Team, entry.Agent, entry.SlaState, entry.NextDeadline, null, null, entry.UpdatedAt);
        return ticket.IsShown
            ? ticket with { Metric = entry.Metric, Deadline = entry.MetricDeadline ?? entry.NextDeadline, PolicyId = entry.PolicyId }
            : ticket;
    }
}

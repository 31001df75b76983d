using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// The Escalations page's list, read from the escalation index: every open escalation counted, the most pressing
/// drawn. An incident can open more escalations than a page can hold; a lead must then see the ones that press most
/// and how many more there are, not the first ids.
/// </summary>
public sealed class BoardEscalations(IEscalationIndex index)
{
    private const int Page = 1000;

    /// <summary>How many open escalations an owner holds.</summary>
    public sealed record OwnerCount(string Owner, int Count);

    /// <summary>
    /// The first <c>rows</c> most pressing open escalations of the team and owner asked for (all when none), how many
    /// match in all, and every owner of an open escalation of that team with its count (what the page filters by).
    /// </summary>
    public sealed record EscalationList(IReadOnlyList<EscalationView> Escalations, int Total, IReadOnlyList<OwnerCount> Owners);

    /// <summary>
    /// The open escalations of tickets of <paramref name="team"/> held by <paramref name="owner"/> (either or both
    /// null for all): highest level first, then the soonest next action (none last), then by id; the first
    /// <paramref name="rows"/> of them.
    /// </summary>
    public async Task<EscalationList> ListAsync(string? team, string? owner, int rows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var open = new List<EscalationView>();
        string? after = null;
        while (true)
        {
            var page = await index.ListAsync(new EscalationQuery("open", null, null, after, Page), cancellationToken);
            open.AddRange(team is null ? page : page.Where(e => e.Team == team));
            if (page.Count < Page)
            {
                break;
            }

            after = page[^1].Id;
        }

        var owners = open.GroupBy(e => e.Owner, StringComparer.Ordinal)
            .Select(g => new OwnerCount(g.Key, g.Count()))
            .OrderBy(o => o.Owner, StringComparer.Ordinal)
            .ToArray();
        var matching = owner is null ? open : open.Where(e => e.Owner == owner).ToList();
        var drawn = matching
            .OrderByDescending(e => e.Level)
            .ThenBy(e => e.NextAction?.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Take(rows)
            .ToArray();
        return new EscalationList(drawn, matching.Count, owners);
    }
}

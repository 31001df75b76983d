using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The facts of one ticket rebuilt from its durable records: the transitions its grain recorded in state (with the
/// instant each marks and when it was emitted) and its owner changes on the audit trail. Each fact is the one the
/// bus carried: same id, kind, instant, metric and team (the owner when it was emitted). One thing is not durable
/// per transition: the priority it was emitted at, so a recovered fact carries the ticket's priority now.
/// </summary>
public static class DigestRecount
{
    /// <summary>
    /// Every fact of <paramref name="ticket"/>. <paramref name="owners"/> are its owner changes in order (the audit
    /// trail's <c>owner_changed</c> entries: the n-th is <c>owner#n</c>); a transition is the team's whose owner
    /// change last preceded its emission. A transition whose owner change is not on the trail yet is skipped,
    /// unless that change is the latest (then the ticket's owner now is it).
    /// </summary>
    public static IReadOnlyList<DigestFact> FactsOf(TicketView ticket, IReadOnlyList<TicketOwner> owners, Func<string, DigestTeam> teamOf)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(teamOf);
        var changes = OwnerChanges(ticket);
        var facts = new List<DigestFact>();
        foreach (var transition in ticket.Transitions)
        {
            var (type, metric, instance) = Describe(transition.TransitionId);
            if (type is null || DigestFacts.KindOf(type) is null)
            {
                continue;
            }

            var index = changes.FindLastIndex(c => c <= transition.EmittedAt);
            TicketOwner? owner = index < 0 ? null
                : index < owners.Count ? owners[index]
                : index == changes.Count - 1 ? ticket.Owner
                : null;
            if (owner is null)
            {
                continue;
            }

            var bus = new SlaTransition(
                $"{ticket.Key}/{transition.TransitionId}",
                type,
                ticket.Key,
                metric,
                instance,
                transition.At,
                transition.EmittedAt,
                owner,
                Priority: ticket.Priority);
            var onTime = type == SlaTransitionTypes.Achieved ? DigestFacts.AchievedOnTime(ticket, instance) : (bool?)null;
            facts.Add(DigestFacts.FromTransition(bus, teamOf(owner.Team), onTime)!);
        }

        return facts;
    }

    /// <summary>
    /// The ticket's note: its creation (the <c>ticket.created</c> transition's instant) and, from its latest owner
    /// change, since when it has had no agent. Null before it was created.
    /// </summary>
    public static DigestTicketNote? NoteOf(TicketView ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var created = ticket.Transitions.FirstOrDefault(t => t.TransitionId == CreatedId);
        if (created is null)
        {
            return null;
        }

        var changes = OwnerChanges(ticket);
        if (changes.Count == 0)
        {
            return new DigestTicketNote(ticket.Key, created.At, -1, null);
        }

        var sequence = changes.Count - 1;
        return new DigestTicketNote(ticket.Key, created.At, sequence, DigestFacts.UnassignedSince(ticket.Owner, sequence, created.At, changes[^1]));
    }

    /// <summary>When each owner change (<c>owner#0</c>, <c>owner#1</c>, ...) was emitted, in order.</summary>
    private static List<DateTimeOffset> OwnerChanges(TicketView ticket) =>
        ticket.Transitions
            .Select(t => (Sequence: DigestFacts.OwnerSequenceOf(t.TransitionId), t.EmittedAt))
            .Where(t => t.Sequence is not null)
            .OrderBy(t => t.Sequence)
            .Select(t => t.EmittedAt)
            .ToList();

    /// <summary>The bus type, metric and instance of a transition id within its ticket.</summary>
    private static (string? Type, string? Metric, string? Instance) Describe(string transitionId)
    {
        var hash = transitionId.IndexOf('#', StringComparison.Ordinal);
        var slash = transitionId.LastIndexOf('/');
        if (slash < 0)
        {
            var step = hash < 0 ? transitionId : transitionId[..hash];
            return (step switch
            {
                "created" => SlaTransitionTypes.TicketCreated,
                "solved" => SlaTransitionTypes.TicketSolved,
                "reopened" => SlaTransitionTypes.TicketReopened,
                _ => null,
            }, null, null);
        }

        var instance = transitionId[..slash];
        var type = transitionId[(slash + 1)..] switch
        {
            DigestFacts.BreachedSuffix => SlaTransitionTypes.Breached,
            "achieved" => SlaTransitionTypes.Achieved,
            _ => null,
        };
        var instanceHash = instance.IndexOf('#', StringComparison.Ordinal);
        return (type, instanceHash < 0 ? instance : instance[..instanceHash], instance);
    }

    private const string CreatedId = "created#0";
}

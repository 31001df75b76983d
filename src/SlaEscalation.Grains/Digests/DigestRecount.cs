using System.Text.Json;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The facts of one ticket rebuilt from its durable records: the transitions its grain recorded in state (with the
/// instant each marks and when it was emitted), and its audit chain: owner changes, the priority each SLA transition
/// was emitted at, and the escalation and task steps with the notices they published. Each fact is the one the bus
/// carried: same id, kind, instant, metric, priority and team (the owner when it was emitted, the notice's team).
/// </summary>
public static class DigestRecount
{
    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Every fact of <paramref name="ticket"/>, given its audit chain <paramref name="trail"/> (oldest first).
    /// The trail's <c>owner_changed</c> entries are its owner changes in order (the n-th is <c>owner#n</c>); a
    /// transition is the team's whose owner change last preceded its emission. A transition whose owner change is
    /// not on the trail yet is skipped, unless that change is the latest (then the ticket's owner now is it). A
    /// breach or achievement carries the priority its audit entry recorded (the ticket's priority now when the entry
    /// predates that). Every escalation or task step whose entry keeps its notice gives the notice's fact.
    /// </summary>
    public static IReadOnlyList<DigestFact> FactsOf(TicketView ticket, IReadOnlyList<AuditEntry> trail, Func<string, DigestTeam> teamOf)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(trail);
        ArgumentNullException.ThrowIfNull(teamOf);
        var owners = trail
            .Where(e => e.Action == AuditAction.OwnerChanged && e.After is not null)
            .Select(e => JsonSerializer.Deserialize<TicketOwner>(e.After!, AuditJson)!)
            .ToArray();
        var priorities = EmittedPriorities(trail);
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
                : index < owners.Length ? owners[index]
                : index == changes.Count - 1 ? ticket.Owner
                : null;
            if (owner is null)
            {
                continue;
            }

            var id = $"{ticket.Key}/{transition.TransitionId}";
            var bus = new SlaTransition(
                id,
                type,
                ticket.Key,
                metric,
                instance,
                transition.At,
                transition.EmittedAt,
                owner,
                Priority: priorities.GetValueOrDefault(id) ?? ticket.Priority);
            var onTime = type == SlaTransitionTypes.Achieved ? DigestFacts.AchievedOnTime(ticket, instance) : (bool?)null;
            facts.Add(DigestFacts.FromTransition(bus, teamOf(owner.Team), onTime)!);
        }

        foreach (var entry in trail)
        {
            if (AuditedNotice.NoticeOf(entry) is { } notice && DigestFacts.FromNotice(notice, teamOf(notice.Team)) is { } fact)
            {
                facts.Add(fact);
            }
        }

        return facts;
    }

    /// <summary>
    /// The priority each SLA transition was emitted at, by transition id (an SLA transition's audit entry is caused
    /// by its transition id), from entries that recorded it.
    /// </summary>
    private static Dictionary<string, string> EmittedPriorities(IReadOnlyList<AuditEntry> trail)
    {
        var priorities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in trail)
        {
            if (entry is { Action: AuditAction.SlaBreached or AuditAction.SlaAchieved, CausedBy: { } id, After: { } after }
                && after.Contains("\"priority\"", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(after);
                if (document.RootElement.TryGetProperty("priority", out var priority) && priority.ValueKind == JsonValueKind.String)
                {
                    priorities[id] = priority.GetString()!;
                }
            }
        }

        return priorities;
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

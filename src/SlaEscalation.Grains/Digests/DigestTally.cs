using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The counted figures of one digest, kept up to date one fact at a time: counts per kind, breaches per metric and
/// priority, outcomes per metric, and the first <see cref="DigestLimits.ListedTickets"/> facts (by time) of each
/// listed kind. Memory and the cost of a report stay bounded however many facts a day has. It counts every fact it
/// is given: the digest ledger decides which facts are new.
/// </summary>
public sealed class DigestTally
{
    /// <summary>The metrics in the order digests show them; others follow by name.</summary>
    public static readonly IReadOnlyList<string> MetricOrder = ["first_reply", "next_reply", "periodic_update", "resolution"];

    /// <summary>The priorities in the order digests show them; others follow by name.</summary>
    public static readonly IReadOnlyList<string> PriorityOrder = ["urgent", "high", "normal", "low"];

    /// <summary>The priority shown for a fact whose priority is not known.</summary>
    public const string UnknownPriority = "unknown";

    private static readonly IComparer<DigestFact> ByTime = Comparer<DigestFact>.Create((a, b) =>
    {
        var byAt = a.At.CompareTo(b.At);
        return byAt != 0 ? byAt : string.CompareOrdinal(a.FactId, b.FactId);
    });

    private readonly Dictionary<string, int> kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Metric, string Priority), int> breaches = [];
    private readonly Dictionary<string, (int OnTime, int Late)> achieved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<DigestFact>> listed = new(StringComparer.Ordinal)
    {
        [DigestFactKinds.Breached] = new(ByTime),
        [DigestFactKinds.Reopened] = new(ByTime),
        [DigestFactKinds.EscalationUnacknowledged] = new(ByTime),
    };

    /// <summary>How many facts were counted.</summary>
    public int Count { get; private set; }

    /// <summary>Counts <paramref name="fact"/>.</summary>
    public void Add(DigestFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        Count++;
        kinds[fact.Kind] = kinds.GetValueOrDefault(fact.Kind) + 1;
        if (fact.Kind == DigestFactKinds.Breached)
        {
            var key = (fact.Metric ?? "unknown", fact.Priority ?? UnknownPriority);
            breaches[key] = breaches.GetValueOrDefault(key) + 1;
        }
        else if (fact.Kind == DigestFactKinds.Achieved && fact.Metric is { } metric)
        {
            var (onTime, late) = achieved.GetValueOrDefault(metric);
            achieved[metric] = fact.OnTime == true ? (onTime + 1, late) : (onTime, late + 1);
        }

        if (listed.TryGetValue(fact.Kind, out var list))
        {
            list.Add(fact);
            if (list.Count > DigestLimits.ListedTickets)
            {
                list.Remove(list.Max!);
            }
        }
    }

    /// <summary>How many facts of <paramref name="kind"/> were counted.</summary>
    public int CountOf(string kind) => kinds.GetValueOrDefault(kind);

    /// <summary>The digest of <paramref name="day"/>: these counts, with the measured figures when there are some.</summary>
    public DigestReport Report(DigestDay day, DigestMeasurement? measurement, DateTimeOffset? publishedAt, DigestReconcileStatus? reconcile)
    {
        ArgumentNullException.ThrowIfNull(day);
        var metrics = Ordered(breaches.Keys.Select(k => k.Metric).Concat(achieved.Keys).Distinct(StringComparer.Ordinal), MetricOrder);
        var byMetric = Ordered(breaches.Keys.Select(k => k.Metric).Distinct(StringComparer.Ordinal), MetricOrder)
            .Select(m => new DigestCount(m, breaches.Where(b => b.Key.Metric == m).Sum(b => b.Value)))
            .ToArray();
        var byPriority = Ordered(breaches.Keys.Select(k => k.Priority).Distinct(StringComparer.Ordinal), PriorityOrder)
            .Select(p => new DigestCount(p, breaches.Where(b => b.Key.Priority == p).Sum(b => b.Value)))
            .ToArray();
        var pairs = byMetric
            .SelectMany(m => byPriority.Select(p => (Metric: m.Name, Priority: p.Name)))
            .Where(breaches.ContainsKey)
            .Select(pair => new DigestBreachCount(pair.Metric, pair.Priority, breaches[pair]))
            .ToArray();
        var achievement = metrics.Select(m =>
        {
            var (onTime, late) = achieved.GetValueOrDefault(m);
            var breached = byMetric.FirstOrDefault(b => b.Name == m)?.Count ?? 0;
            return new DigestAchievement(m, onTime, late, breached, onTime + breached == 0 ? null : (double)onTime / (onTime + breached));
        }).ToArray();

        var exceptions = DigestExceptionKinds.All
            .Select(kind => kind switch
            {
                DigestExceptionKinds.AcknowledgementTimeouts => Listed(kind, DigestFactKinds.EscalationUnacknowledged),
                DigestExceptionKinds.Reopened => Listed(kind, DigestFactKinds.Reopened),
                _ => measurement?.Exceptions.FirstOrDefault(e => e.Kind == kind),
            })
            .OfType<DigestException>()
            .ToArray();

        return new DigestReport(
            day.Team.Id,
            day.DateText,
            day.Team.Zone.Id,
            day.From,
            day.To,
            day.PublishAt,
            publishedAt,
            CountOf(DigestFactKinds.New),
            CountOf(DigestFactKinds.Solved),
            measurement?.Backlog,
            new DigestBreaches(CountOf(DigestFactKinds.Breached), byMetric, byPriority, pairs, Items(DigestFactKinds.Breached)),
            achievement,
            new DigestEscalations(
                CountOf(DigestFactKinds.EscalationRaised),
                CountOf(DigestFactKinds.EscalationAcknowledged),
                CountOf(DigestFactKinds.EscalationUnacknowledged)),
            new DigestTasks(CountOf(DigestFactKinds.TaskOpened), CountOf(DigestFactKinds.TaskClosed)),
            exceptions,
            reconcile);
    }

    private DigestException Listed(string exceptionKind, string factKind) => new(exceptionKind, CountOf(factKind), Items(factKind));

    private DigestTicketItem[] Items(string kind) =>
        listed[kind].Select(f => new DigestTicketItem(f.TicketKey, f.At, f.Metric, f.Priority)).ToArray();

    /// <summary>The names in <paramref name="order"/> first, then the others by name.</summary>
    private static string[] Ordered(IEnumerable<string> names, IReadOnlyList<string> order) =>
        names
            .OrderBy(n => order.Contains(n) ? order.ToList().IndexOf(n) : order.Count)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToArray();
}

namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// A team's digest of one local day (<c>GET /v1/digests/{team}/{date}</c>): what happened that day, counted from the
/// digest ledger, and the figures that describe "now" (backlog, at risk, open exceptions) as measured from durable
/// records at <see cref="DigestBacklog.AsOf"/>: when the digest was published, or its latest measurement before.
/// </summary>
/// <param name="Team">The team.</param>
/// <param name="Date">The local day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Zone">The team's IANA zone the day is local to.</param>
/// <param name="From">The day's first instant.</param>
/// <param name="To">The instant after the day (the next local midnight; 23 or 25 hours later across a DST change).</param>
/// <param name="PublishAt">When the digest is due: the team's digest hour on the next local day.</param>
/// <param name="PublishedAt">When it was published; null before.</param>
/// <param name="NewTickets">Tickets created that day.</param>
/// <param name="SolvedTickets">Tickets solved that day (a ticket solved twice counts twice).</param>
/// <param name="Backlog">Open tickets and their ages, and those at risk; null until first measured.</param>
/// <param name="Breaches">Breaches that day by metric and priority, with the tickets.</param>
/// <param name="Achievement">Per metric with an outcome that day: achieved on time, late, breached, and the rate.</param>
/// <param name="Escalations">Escalations raised, acknowledged and left unacknowledged that day.</param>
/// <param name="Tasks">Engineering tasks opened and closed that day.</param>
/// <param name="Exceptions">Each exception with its tickets (the measured ones once measured), in a fixed order.</param>
/// <param name="Reconcile">The latest recount from durable records; null when none ran.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestReport")]
public sealed record DigestReport(
    [property: Id(0)] string Team,
    [property: Id(1)] string Date,
    [property: Id(2)] string Zone,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset To,
    [property: Id(5)] DateTimeOffset PublishAt,
    [property: Id(6)] DateTimeOffset? PublishedAt,
    [property: Id(7)] int NewTickets,
    [property: Id(8)] int SolvedTickets,
    [property: Id(9)] DigestBacklog? Backlog,
    [property: Id(10)] DigestBreaches Breaches,
    [property: Id(11)] IReadOnlyList<DigestAchievement> Achievement,
    [property: Id(12)] DigestEscalations Escalations,
    [property: Id(13)] DigestTasks Tasks,
    [property: Id(14)] IReadOnlyList<DigestException> Exceptions,
    [property: Id(15)] DigestReconcileStatus? Reconcile);

/// <summary>The open backlog by age (from creation at the source) and the tickets at risk, at <see cref="AsOf"/>.</summary>
/// <param name="AsOf">When it was measured.</param>
/// <param name="Open">Open (unsolved) tickets of the team.</param>
/// <param name="Under1Day">Created less than a day before <see cref="AsOf"/>.</param>
/// <param name="From1To3Days">Created 1 to 3 days before (1 day included).</param>
/// <param name="From3To7Days">Created 3 to 7 days before (3 days included).</param>
/// <param name="Over7Days">Created 7 days or more before.</param>
/// <param name="AgeUnknown">Open tickets whose creation the digest never learned (the event was lost and not reconciled yet).</param>
/// <param name="AtRiskNow">Open tickets whose SLA state is at risk.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestBacklog")]
public sealed record DigestBacklog(
    [property: Id(0)] DateTimeOffset AsOf,
    [property: Id(1)] int Open,
    [property: Id(2)] int Under1Day,
    [property: Id(3)] int From1To3Days,
    [property: Id(4)] int From3To7Days,
    [property: Id(5)] int Over7Days,
    [property: Id(6)] int AgeUnknown,
    [property: Id(7)] int AtRiskNow);

/// <summary>Breaches of the day.</summary>
/// <param name="Total">Every breach.</param>
/// <param name="ByMetric">Per metric, in the metrics' order.</param>
/// <param name="ByPriority">Per priority, most urgent first.</param>
/// <param name="ByMetricAndPriority">Per metric and priority, only the pairs that breached.</param>
/// <param name="Tickets">The breaches by time (at most <see cref="DigestLimits.ListedTickets"/>).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestBreaches")]
public sealed record DigestBreaches(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyList<DigestCount> ByMetric,
    [property: Id(2)] IReadOnlyList<DigestCount> ByPriority,
    [property: Id(3)] IReadOnlyList<DigestBreachCount> ByMetricAndPriority,
    [property: Id(4)] IReadOnlyList<DigestTicketItem> Tickets);

/// <summary>A count under a name (a metric or a priority).</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestCount")]
public sealed record DigestCount([property: Id(0)] string Name, [property: Id(1)] int Count);

/// <summary>Breaches of one metric at one priority.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestBreachCount")]
public sealed record DigestBreachCount([property: Id(0)] string Metric, [property: Id(1)] string Priority, [property: Id(2)] int Count);

/// <summary>A ticket listed under a figure: when, and the metric and priority when they apply.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestTicketItem")]
public sealed record DigestTicketItem(
    [property: Id(0)] string TicketKey,
    [property: Id(1)] DateTimeOffset? At,
    [property: Id(2)] string? Metric = null,
    [property: Id(3)] string? Priority = null);

/// <summary>
/// One metric's outcomes of the day: achieved within target, achieved late (breached on an earlier day or
/// earlier that day), and breached. <see cref="Rate"/> is on time / (on time + breached); null when both are 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestAchievement")]
public sealed record DigestAchievement(
    [property: Id(0)] string Metric,
    [property: Id(1)] int OnTime,
    [property: Id(2)] int Late,
    [property: Id(3)] int Breached,
    [property: Id(4)] double? Rate);

/// <summary>Escalation steps of the day.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestEscalations")]
public sealed record DigestEscalations([property: Id(0)] int Raised, [property: Id(1)] int Acknowledged, [property: Id(2)] int Unacknowledged);

/// <summary>Engineering tasks of the day.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestTasks")]
public sealed record DigestTasks([property: Id(0)] int Opened, [property: Id(1)] int Closed);

/// <summary>
/// One kind of exception (<see cref="DigestExceptionKinds"/>) and its tickets: <see cref="Count"/> is every one,
/// <see cref="Tickets"/> the first <see cref="DigestLimits.ListedTickets"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestException")]
public sealed record DigestException(
    [property: Id(0)] string Kind,
    [property: Id(1)] int Count,
    [property: Id(2)] IReadOnlyList<DigestTicketItem> Tickets);

/// <summary>The latest recount from durable records: running while <see cref="FinishedAt"/> is null.</summary>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished; null while running.</param>
/// <param name="TicketsExamined">Tickets whose durable records were read.</param>
/// <param name="FactsRecovered">Facts the ledger lacked and now holds.</param>
/// <param name="Error">Why it stopped short, when it did.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestReconcileStatus")]
public sealed record DigestReconcileStatus(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] DateTimeOffset? FinishedAt,
    [property: Id(2)] int TicketsExamined,
    [property: Id(3)] int FactsRecovered,
    [property: Id(4)] string? Error = null);

namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// One thing a team's daily digest counts: a ticket created, solved or reopened, a breach, an achievement, an
/// escalation step or an engineering task. <see cref="FactId"/> is the id of the bus item it comes from (a
/// transition's or a notice's), so recording it twice counts it once.
/// </summary>
/// <param name="FactId">Stable id: the transition id, or <c>notice/</c> and the notice id.</param>
/// <param name="Kind">One of <see cref="DigestFactKinds"/>.</param>
/// <param name="Team">The team whose digest counts it: the ticket's team when it happened.</param>
/// <param name="Date">The local day it belongs to, <c>yyyy-MM-dd</c> in the team's zone.</param>
/// <param name="TicketKey">The ticket.</param>
/// <param name="At">The instant it marks (a threshold, or the event that caused it).</param>
/// <param name="Metric">The SLA metric (wire name) of a breach, achievement or escalation; null otherwise.</param>
/// <param name="Priority">The ticket's priority (wire name) when it happened, when known.</param>
/// <param name="OnTime">For an achievement: true when the metric never breached; null for other kinds.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestFact")]
public sealed record DigestFact(
    [property: Id(0)] string FactId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Team,
    [property: Id(3)] string Date,
    [property: Id(4)] string TicketKey,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? Metric = null,
    [property: Id(7)] string? Priority = null,
    [property: Id(8)] bool? OnTime = null);

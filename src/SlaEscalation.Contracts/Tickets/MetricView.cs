namespace SlaEscalation.Contracts.Tickets;

/// <summary>One SLA metric instance of a ticket, as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.MetricView")]
public sealed record MetricView(
    [property: Id(0)] string Metric,
    [property: Id(1)] string InstanceId,
    [property: Id(2)] string State,
    [property: Id(3)] DateTimeOffset? StartedAt,
    [property: Id(4)] DateTimeOffset? Deadline,
    [property: Id(5)] DateTimeOffset? AtRiskAt,
    [property: Id(6)] DateTimeOffset? BreachedAt,
    [property: Id(7)] DateTimeOffset? AchievedAt,
    [property: Id(8)] TimeSpan Elapsed);

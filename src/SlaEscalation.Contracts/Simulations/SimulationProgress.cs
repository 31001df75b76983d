namespace SlaEscalation.Contracts.Simulations;

/// <summary>Where a simulation job stands.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Status"><c>running</c>, <c>completed</c>, <c>cancelled</c> or <c>failed</c>.</param>
/// <param name="Request">What it replays.</param>
/// <param name="Replayed">Tickets looked at so far (replayed, or found outside the window or the teams).</param>
/// <param name="Total">Tickets to look at, counted when the job started.</param>
/// <param name="ConfigurationVersion">The version of the configuration in force at the window's end that the candidate is compared with.</param>
/// <param name="Tally">What is counted so far, as the Domain's tally state in JSON.</param>
/// <param name="StartedAt">When the job started.</param>
/// <param name="FinishedAt">When it completed, was cancelled or failed; null while running.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
/// <param name="Silo">The silo the job runs on now (after a silo dies, another takes it over from its cursor).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Simulations.SimulationProgress")]
public sealed record SimulationProgress(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] SimulationRequest Request,
    [property: Id(3)] long Replayed,
    [property: Id(4)] long Total,
    [property: Id(5)] long ConfigurationVersion,
    [property: Id(6)] string Tally,
    [property: Id(7)] DateTimeOffset StartedAt,
    [property: Id(8)] DateTimeOffset? FinishedAt,
    [property: Id(9)] string? Error,
    [property: Id(10)] string Silo);

namespace SlaEscalation.Contracts.Simulations;

/// <summary>What a simulation replays: a validated candidate configuration over a window of ticket history.</summary>
/// <param name="Candidate">The whole candidate configuration as canonical JSON (validated before the job starts).</param>
/// <param name="From">The window's start, inclusive.</param>
/// <param name="To">The window's end, exclusive: the instant every ticket is replayed to.</param>
/// <param name="Teams">The teams to count (a ticket counts when either side gives it one of them); empty for all.</param>
/// <param name="RequestedBy">Who asked (an API key's name).</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Simulations.SimulationRequest")]
public sealed record SimulationRequest(
    [property: Id(0)] string Candidate,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] IReadOnlyList<string> Teams,
    [property: Id(4)] string RequestedBy);

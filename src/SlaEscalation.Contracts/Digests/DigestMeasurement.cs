namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// The digest figures read from durable records rather than counted from the day's facts: the open backlog and the
/// open exceptions (from the ticket index), and the day's refused requests and failed deliveries (from their logs).
/// </summary>
/// <param name="Backlog">The open backlog by age and the tickets at risk.</param>
/// <param name="Exceptions">The measured exceptions (<see cref="DigestExceptionKinds.Measured"/>), in order.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestMeasurement")]
public sealed record DigestMeasurement(
    [property: Id(0)] DigestBacklog Backlog,
    [property: Id(1)] IReadOnlyList<DigestException> Exceptions);

namespace SlaEscalation.Contracts.Tickets;

/// <summary>What a ticket did with a set of events: all of them are durably stored when this returns.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.IngestOutcome")]
public sealed record IngestOutcome([property: Id(0)] int Accepted, [property: Id(1)] int Duplicates);

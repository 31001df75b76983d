namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// What a ticket did with a set of events: the accepted ones are durably stored when this returns. <see cref="Refused"/>
/// counts new events the ticket did not store because its history holds the most events a ticket keeps.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.IngestOutcome")]
public sealed record IngestOutcome([property: Id(0)] int Accepted, [property: Id(1)] int Duplicates, [property: Id(2)] int Refused = 0);

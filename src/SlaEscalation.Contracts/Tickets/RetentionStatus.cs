namespace SlaEscalation.Contracts.Tickets;

/// <summary>Where retention is.</summary>
/// <param name="Cursor">The last ticket key of the pass under way; null between passes.</param>
/// <param name="SolvedBefore">The cutoff of the pass under way: tickets quiet since before it go.</param>
/// <param name="TicketsRemoved">Tickets removed since retention first ran.</param>
/// <param name="LastPassCompletedAt">When the last complete pass ended; null before the first.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.RetentionStatus")]
public sealed record RetentionStatus(
    [property: Id(0)] string? Cursor,
    [property: Id(1)] DateTimeOffset? SolvedBefore,
    [property: Id(2)] long TicketsRemoved,
    [property: Id(3)] DateTimeOffset? LastPassCompletedAt);

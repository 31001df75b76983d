namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// One accepted ticket event, as the gateway validated it and the ticket grain stores it. <see cref="Source"/> and
/// <see cref="Id"/> identify it (a repeat is a duplicate); <see cref="Time"/> is when it happened at the source, and
/// SLA math uses it, not arrival time.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Tickets.TicketEventRecord")]
public sealed record TicketEventRecord(
    [property: Id(0)] string Source,
    [property: Id(1)] string Id,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] TicketFields Fields,
    [property: Id(5)] string? AuthorRole = null,
    [property: Id(6)] bool? Public = null)
{
    /// <summary>The event's identity within its ticket.</summary>
    public string Identity => Source + "\u001f" + Id;
}

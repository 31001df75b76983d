namespace SlaEscalation.Silo.Board;

/// <summary>
/// An escalation as the open Escalations pages hear of it: enough to tell whether a page's list changed (its filters
/// are team and owner), not to draw it. One travels to every silo's board each time an escalation's list row is
/// written.
/// </summary>
/// <param name="Id">The escalation id.</param>
/// <param name="TicketKey">The escalated ticket.</param>
/// <param name="Team">The ticket's team.</param>
/// <param name="Owner">The owner now (<c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>).</param>
/// <param name="State"><c>open</c> or <c>resolved</c>.</param>
/// <param name="Level">The level now.</param>
/// <param name="UpdatedAt">When the row was written.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Silo.Board.BoardEscalation")]
public sealed record BoardEscalation(
    [property: Id(0)] string Id,
    [property: Id(1)] string TicketKey,
    [property: Id(2)] string Team,
    [property: Id(3)] string Owner,
    [property: Id(4)] string State,
    [property: Id(5)] int Level,
    [property: Id(6)] DateTimeOffset UpdatedAt);

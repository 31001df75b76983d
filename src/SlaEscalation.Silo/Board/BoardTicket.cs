namespace SlaEscalation.Silo.Board;

/// <summary>
/// A ticket as the Now page shows it: its SLA state, the deadline of its most urgent metric and who owns it. One
/// travels to every silo's board each time a ticket's list entry changes while it is, or was, at risk or breached.
/// </summary>
/// <param name="Key">The ticket key.</param>
/// <param name="Team">The owning team.</param>
/// <param name="Agent">The assigned agent, if any.</param>
/// <param name="SlaState"><c>breached</c> or <c>at_risk</c> while on the page; anything else takes it off.</param>
/// <param name="Deadline">The deadline counted down to (or past, once breached).</param>
/// <param name="Metric">The metric of that deadline (wire name), when known.</param>
/// <param name="PolicyId">The policy the clocks run under, when known.</param>
/// <param name="UpdatedAt">When the ticket's list entry was written: a board keeps the newest it has seen.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Silo.Board.BoardTicket")]
public sealed record BoardTicket(
    [property: Id(0)] string Key,
    [property: Id(1)] string Team,
    [property: Id(2)] string? Agent,
    [property: Id(3)] string SlaState,
    [property: Id(4)] DateTimeOffset? Deadline,
    [property: Id(5)] string? Metric,
    [property: Id(6)] string? PolicyId,
    [property: Id(7)] DateTimeOffset UpdatedAt)
{
    public const string Breached = "breached";
    public const string AtRisk = "at_risk";

    /// <summary>Whether the Now page lists it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsShown => SlaState is Breached or AtRisk;
}

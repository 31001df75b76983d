namespace SlaEscalation.Domain.Simulations;

/// <summary>What a <see cref="SimulationTally"/> has counted so far: what a simulation job saves after each page.</summary>
/// <param name="Tickets">Tickets replayed.</param>
/// <param name="Rows">One per team, metric and priority, ordered.</param>
/// <param name="Changed">The first <see cref="SimulationTally.ChangedLimit"/> tickets whose outcome changes.</param>
/// <param name="ChangedTickets">How many tickets' outcomes change in all.</param>
public sealed record SimulationTallyState(long Tickets, IReadOnlyList<SimulationRow> Rows, IReadOnlyList<ChangedTicket> Changed, long ChangedTickets)
{
    /// <summary>Nothing counted yet.</summary>
    public static SimulationTallyState Empty { get; } = new(0, [], [], 0);
}

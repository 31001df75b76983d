using SlaEscalation.Domain.Simulations;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>The result: tickets replayed, one row per team, metric and priority, and the tickets whose outcome changes.</summary>
public sealed record SimulationResultView(long Tickets, IReadOnlyList<SimulationRowView> Rows, long ChangedTickets, IReadOnlyList<ChangedTicket> Changed);

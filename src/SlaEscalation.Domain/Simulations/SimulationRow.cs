namespace SlaEscalation.Domain.Simulations;

/// <summary>One team, metric and priority of a simulation, current and candidate side by side.</summary>
public sealed record SimulationRow(string Team, string Metric, string Priority, SimulationSide Current, SimulationSide Candidate);

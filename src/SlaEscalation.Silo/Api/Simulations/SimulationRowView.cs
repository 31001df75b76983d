namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>One team, metric and priority, current and candidate side by side.</summary>
public sealed record SimulationRowView(string Team, string Metric, string Priority, SideView Current, SideView Candidate);

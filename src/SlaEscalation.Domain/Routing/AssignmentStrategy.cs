namespace SlaEscalation.Domain.Routing;

/// <summary>How a team picks an agent; wire names are <c>round_robin|fewest_open|none</c>.</summary>
public enum AssignmentStrategy
{
    None,
    RoundRobin,
    FewestOpen,
}

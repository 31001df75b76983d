namespace SlaEscalation.Domain.Tickets;

/// <summary>What a ticket announces to the rest of the system: its lifecycle, its owner and its clocks' thresholds.</summary>
public enum TicketTransitionKind
{
    Created,
    Solved,
    Reopened,
    OwnerChanged,
    AtRisk,
    Breached,
    Achieved,
}

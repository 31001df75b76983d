namespace SlaEscalation.Domain.Tickets;

/// <summary>What <see cref="TicketOwnership.Decide"/> found; the grain carries out the rotation calls.</summary>
/// <param name="Team">The team that owns the ticket unless a reassignment holds.</param>
/// <param name="Agent">The helpdesk's assignee; null when it set none.</param>
/// <param name="AskRotation">Whether <see cref="Team"/>'s rotation is to pick the agent.</param>
/// <param name="ReleaseRotationOf">The team whose rotation slot the ticket gives back; null when it keeps its slot.</param>
/// <param name="ReassignmentHolds">Whether an escalation's reassignment still decides the owner.</param>
public sealed record OwnershipDecision(
    string Team,
    string? Agent,
    bool AskRotation,
    string? ReleaseRotationOf,
    bool ReassignmentHolds);

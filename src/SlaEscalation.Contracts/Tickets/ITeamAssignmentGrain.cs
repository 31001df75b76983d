namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// Hands a team's tickets to its agents by the team's strategy (round-robin or fewest open) and remembers who holds
/// which ticket. Key: <c>team:{teamId}</c>.
/// </summary>
[Alias("SlaEscalation.Contracts.Tickets.ITeamAssignmentGrain")]
public interface ITeamAssignmentGrain : IGrainWithStringKey
{
    /// <summary>The agent holding <paramref name="ticketKey"/>, choosing one if none does; null when the team assigns no agents.</summary>
    [Alias("Assign")]
    Task<string?> AssignAsync(string ticketKey);

    /// <summary>Frees the ticket's slot (solved, moved to another team, or taken by a helpdesk assignee).</summary>
    [Alias("Release")]
    Task ReleaseAsync(string ticketKey);
}

using NodaTime;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Tickets;

/// <summary>Who owns a ticket: an escalation's reassignment while it holds, else routing, else the helpdesk.</summary>
public static class TicketOwnership
{
    /// <summary>The queue that owns a ticket no routing rule or helpdesk team claims, so no ticket is ever unowned.</summary>
    public const string UnroutedTeam = "unrouted";

    /// <summary>
    /// Decides the ticket's owner. The team is the first matching routing rule's, else the helpdesk's, else
    /// <see cref="UnroutedTeam"/>; the agent is the helpdesk's assignee, else one the team's rotation picks when the
    /// rule (or, with no rule, the team being configured) asks for one. An escalation's reassignment made at
    /// <paramref name="reassignedAt"/> holds until the helpdesk moves the ticket itself or it is solved.
    /// </summary>
    /// <param name="configuration">The configuration in effect.</param>
    /// <param name="ticket">The ticket as of now.</param>
    /// <param name="history">The ticket's events, read only while a reassignment is to be judged.</param>
    /// <param name="reassignedAt">When an escalation reassigned the ticket; null when routing decides.</param>
    /// <param name="rotationTeam">The team whose rotation gave the ticket its agent; null when none did.</param>
    /// <returns>The decision; null before the ticket is created, when it has no owner to decide.</returns>
    public static OwnershipDecision? Decide(
        SlaConfiguration configuration,
        TicketSnapshot ticket,
        IEnumerable<TicketEvent> history,
        Instant? reassignedAt,
        string? rotationTeam)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.CreatedAt is null)
        {
            return null;
        }

        var reassignmentHolds = reassignedAt is { } since && !ticket.IsSolved && !HelpdeskMovedSince(history, since);
        var routed = Router.Route(configuration, ticket);
        var team = routed?.TeamId ?? ticket.Team ?? UnroutedTeam;
        var askRotation = ticket.Assignee is null && !ticket.IsSolved && !reassignmentHolds
            && (routed?.AssignAgent ?? configuration.Teams.ContainsKey(team));

        // The slot held in a rotation is freed once the ticket is solved, moved, or taken by the helpdesk.
        var release = rotationTeam is not null && (rotationTeam != team || !askRotation) ? rotationTeam : null;
        return new OwnershipDecision(team, ticket.Assignee, askRotation, release, reassignmentHolds);
    }

    /// <summary>Whether an escalation may reassign the ticket: only while it is unsolved.</summary>
    public static bool AcceptsReassignment(TicketSnapshot ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return !ticket.IsSolved;
    }

    /// <summary>Whether an event dated after <paramref name="since"/> set the ticket's team or assignee.</summary>
    public static bool HelpdeskMovedSince(IEnumerable<TicketEvent> history, Instant since)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Any(e => e.Time > since && (e.Changes.Team is not null || e.Changes.Assignee is not null));
    }
}

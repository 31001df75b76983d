using SlaEscalation.Domain.Routing;

namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// A level's owner: <c>assignee</c>, <c>team_lead</c>, <c>on_call:&lt;team&gt;</c>, <c>engineering:&lt;team&gt;</c>
/// or <c>user:&lt;id&gt;</c>; <see cref="Reference"/> holds the team or user id for the last three.
/// </summary>
public sealed record EscalationOwner(EscalationOwnerKind Kind, string? Reference)
{
    /// <summary>
    /// The person or queue who owns the escalation once this level is raised on <paramref name="ticket"/>, and who the
    /// ticket goes to when the level reassigns it. A team without a lead or on-call agent falls back to its queue, so
    /// an escalation is never without an owner.
    /// </summary>
    public LevelOwnership Resolve(TicketAssignment ticket, IReadOnlyDictionary<string, TeamDefinition> teams)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(teams);
        switch (Kind)
        {
            case EscalationOwnerKind.Assignee:
                return new(ticket.Agent is { } agent ? User(agent) : Team(ticket.Team), ticket);
            case EscalationOwnerKind.TeamLead:
                var lead = teams.GetValueOrDefault(ticket.Team)?.Lead;
                return new(lead is null ? Team(ticket.Team) : User(lead), new(ticket.Team, lead));
            case EscalationOwnerKind.OnCall:
                var onCall = teams.GetValueOrDefault(Reference!)?.OnCall;
                return new(onCall is null ? Team(Reference!) : User(onCall), new(Reference!, onCall));
            case EscalationOwnerKind.Engineering:
                return new(Team(Reference!), new(Reference!, null));
            default:
                return new(User(Reference!), new(ticket.Team, Reference));
        }
    }

    /// <summary>The owner as the runbook names it, e.g. <c>team_lead</c> or <c>on_call:platform</c>.</summary>
    public override string ToString() => Kind switch
    {
        EscalationOwnerKind.Assignee => "assignee",
        EscalationOwnerKind.TeamLead => "team_lead",
        EscalationOwnerKind.OnCall => "on_call:" + Reference,
        EscalationOwnerKind.Engineering => "engineering:" + Reference,
        _ => "user:" + Reference,
    };

    private static string User(string id) => "user:" + id;

    private static string Team(string id) => "team:" + id;
}

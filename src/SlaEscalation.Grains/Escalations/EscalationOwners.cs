using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Runbooks;

namespace SlaEscalation.Grains.Escalations;

/// <summary>Turns a runbook level's owner into a person or queue, from the ticket and the teams' configuration.</summary>
public static class EscalationOwners
{
    /// <summary>The longest owner reference a person may give (with the <c>user:</c> a bare id gets, <c>sla_escalations.owner</c> holds it).</summary>
    public const int MaxReferenceLength = 200;

    /// <summary>
    /// The owner reference (<c>user:&lt;id&gt;</c>, or <c>team:&lt;id&gt;</c> when the team names nobody) and the
    /// ticket owner a <c>reassign</c> action sets. A team without a lead or on-call agent falls back to its queue,
    /// so an escalation is never without an owner.
    /// </summary>
    public static (string Owner, TicketOwner TicketOwner) Resolve(EscalationOwner owner, TicketContext? ticket, SlaConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(configuration);
        var current = ticket?.Owner ?? new TicketOwner(Tickets.TicketGrain.FallbackTeam, null);
        switch (owner.Kind)
        {
            case EscalationOwnerKind.Assignee:
                return (current.Agent is { } agent ? User(agent) : Team(current.Team), current);
            case EscalationOwnerKind.TeamLead:
                var lead = configuration.Teams.GetValueOrDefault(current.Team)?.Lead;
                return (lead is null ? Team(current.Team) : User(lead), new TicketOwner(current.Team, lead));
            case EscalationOwnerKind.OnCall:
                var team = owner.Reference!;
                var onCall = configuration.Teams.GetValueOrDefault(team)?.OnCall;
                return (onCall is null ? Team(team) : User(onCall), new TicketOwner(team, onCall));
            case EscalationOwnerKind.Engineering:
                return (Team(owner.Reference!), new TicketOwner(owner.Reference!, null));
            default:
                return (User(owner.Reference!), new TicketOwner(current.Team, owner.Reference));
        }
    }

    /// <summary>The owner as the runbook names it, e.g. <c>team_lead</c> or <c>on_call:platform</c>.</summary>
    public static string Describe(EscalationOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Kind switch
        {
            EscalationOwnerKind.Assignee => "assignee",
            EscalationOwnerKind.TeamLead => "team_lead",
            EscalationOwnerKind.OnCall => "on_call:" + owner.Reference,
            EscalationOwnerKind.Engineering => "engineering:" + owner.Reference,
            _ => "user:" + owner.Reference,
        };
    }

    public static string ActionName(EscalationAction action) => action switch
    {
        EscalationAction.Notify => "notify",
        EscalationAction.Reassign => "reassign",
        _ => "create_task",
    };

    /// <summary>
    /// Reads an owner reference given by a person (a hand-off): <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>, or a
    /// bare id meaning a user. Null when it is not one.
    /// </summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReferenceLength || text.Any(char.IsControl))
        {
            return null;
        }

        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return User(trimmed);
        }

        var (kind, id) = (trimmed[..colon], trimmed[(colon + 1)..]);
        return id.Length > 0 && kind is "user" or "team" ? $"{kind}:{id}" : null;
    }

    private static string User(string id) => "user:" + id;

    private static string Team(string id) => "team:" + id;
}

namespace SlaEscalation.Domain.Storage;

/// <summary>
/// The most characters each kind of text may hold, set by the narrowest column it reaches (deploy/sql). Every edge
/// that accepts such text (events, commands, configuration, queries) checks it against these, so text that is
/// accepted can always be stored: a value too long for its column would otherwise fail a later write, where it can
/// hurt other tickets written in the same statement.
/// </summary>
public static class StoredLimits
{
    /// <summary>A ticket key <c>{source}:{externalId}</c>: <c>sla_ticket_index.ticket_key</c> and <c>sla_digest_fact.ticket_key</c> are <c>varchar(150)</c>, and transition and delivery ids built from it must fit theirs.</summary>
    public const int TicketKey = 140;

    /// <summary>A team id: <c>sla_ticket_index.team</c>, <c>sla_digest_fact.team</c> and <c>sla_delivery_failures.team</c> are <c>varchar(150)</c>.</summary>
    public const int Team = 150;

    /// <summary>
    /// A person's id, wherever it is given: a ticket's assignee, a team's lead, on-call or member, a connection's
    /// mapped agent, a runbook level's <c>user:&lt;id&gt;</c>, a hand-off's target. Any of them can become a ticket's
    /// agent (a level that reassigns, a hand-off it follows), and <c>sla_ticket_index.agent</c> is <c>varchar(150)</c>.
    /// </summary>
    public const int Agent = 150;

    /// <summary>Who did something, as the audit trail keeps it: <c>sla_audit.actor</c> is <c>varchar(200)</c>.</summary>
    public const int Actor = 200;

    /// <summary>
    /// An escalation owner written out, <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>: a prefix and an <see cref="Agent"/>
    /// or <see cref="Team"/> id, well inside <c>sla_escalations.owner</c> (<c>varchar(210)</c>).
    /// </summary>
    public const int OwnerReference = 5 + Agent;

    /// <summary>An event's <c>id</c> and <c>source</c>: kept in grain state and audit entries, and repeated in the ids of what the event causes.</summary>
    public const int EventId = 200;

    /// <summary>One tag of a ticket.</summary>
    public const int Tag = 100;

    /// <summary>A ticket field of free text (subject, requester, organization, ...).</summary>
    public const int TicketText = 1000;

    /// <summary>A configuration string that is neither an id nor an agent (a zone, a condition's value, a URL).</summary>
    public const int ConfigurationText = 2000;

    /// <summary>A configuration id (team, calendar, runbook, policy, routing rule): see <see cref="PartIds"/>.</summary>
    public const int PartId = 63;
}

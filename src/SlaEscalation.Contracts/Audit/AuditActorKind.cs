namespace SlaEscalation.Contracts.Audit;

/// <summary>Who did what an audit entry records: <c>system</c>, <c>user</c> or <c>adapter</c>.</summary>
[GenerateSerializer, Alias("SlaEscalation.Contracts.Audit.AuditActorKind")]
public enum AuditActorKind
{
    /// <summary>The engine itself (a clock, routing, the seed); the actor names the part, e.g. <c>sla-engine</c>.</summary>
    System = 0,

    /// <summary>A person, through an API key; the actor is the key's name.</summary>
    User = 1,

    /// <summary>A helpdesk adapter, through an API key; the actor is the key's name.</summary>
    Adapter = 2,
}

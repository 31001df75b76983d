namespace SlaEscalation.Contracts.Configuration;

/// <summary>Which part of the SLA configuration a change replaces: one part, or the whole document.</summary>
[GenerateSerializer, Alias("SlaEscalation.Contracts.Configuration.ConfigurationPartKind")]
public enum ConfigurationPartKind
{
    /// <summary>The whole document: the seed, or a replacement of everything (<c>PUT /v1/configuration</c>).</summary>
    Document = 0,

    /// <summary>One calendar, by id.</summary>
    Calendar = 1,

    /// <summary>The whole ordered policy list.</summary>
    Policies = 2,

    /// <summary>The whole ordered routing rule list.</summary>
    Routing = 3,

    /// <summary>One escalation runbook, by id.</summary>
    Runbook = 4,

    /// <summary>One team, by id.</summary>
    Team = 5,

    /// <summary>One helpdesk connection, by id.</summary>
    Connection = 6,
}

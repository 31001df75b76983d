namespace SlaEscalation.Domain.Connections;

/// <summary>
/// The vendor a connection speaks to (a helpdesk it receives webhooks from, or an issue tracker); its wire name is the
/// <c>{kind}</c> of the adapter URL.
/// </summary>
public enum ConnectionKind
{
    Zendesk,
    Intercom,
    Jira,
    Linear,
    Slack,
}

namespace SlaEscalation.Domain.Connections;

/// <summary>The helpdesk a connection receives webhooks from; its wire name is the <c>{kind}</c> of the adapter URL.</summary>
public enum ConnectionKind
{
    Zendesk,
    Intercom,
    Jira,
    Slack,
}

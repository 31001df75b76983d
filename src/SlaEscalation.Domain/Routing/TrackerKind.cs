namespace SlaEscalation.Domain.Routing;

/// <summary>The issue tracker a team's engineering tasks are opened in.</summary>
public enum TrackerKind
{
    /// <summary>Only the built-in tracker (<c>GET /v1/tasks/{id}</c>).</summary>
    Internal,

    /// <summary>Jira Cloud: an issue through the REST API v3.</summary>
    Jira,

    /// <summary>Linear: an issue through its GraphQL API.</summary>
    Linear,
}

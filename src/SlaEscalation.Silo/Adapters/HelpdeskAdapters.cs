using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Silo.Adapters;

/// <summary>The adapter of each connection kind.</summary>
public static class HelpdeskAdapters
{
    private static readonly IHelpdeskAdapter[] All = [new ZendeskAdapter(), new IntercomAdapter(), new JiraAdapter()];

    /// <summary>The adapter for <paramref name="kind"/>; null when none is built.</summary>
    public static IHelpdeskAdapter? For(ConnectionKind kind) => All.FirstOrDefault(a => a.Kind == kind);
}

using System.Diagnostics.CodeAnalysis;

namespace SlaEscalation.Domain.Connections;

/// <summary>Wire names of <see cref="ConnectionKind"/>: <c>zendesk</c>, <c>intercom</c>, <c>jira</c>, <c>linear</c>.</summary>
public static class ConnectionKinds
{
    public static string ToWire(this ConnectionKind kind) => kind switch
    {
        ConnectionKind.Zendesk => "zendesk",
        ConnectionKind.Intercom => "intercom",
        ConnectionKind.Jira => "jira",
        ConnectionKind.Linear => "linear",
        ConnectionKind.Slack => "slack",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a connection kind"),
    };

    public static bool TryParse([NotNullWhen(true)] string? text, out ConnectionKind kind)
    {
        (var ok, kind) = text switch
        {
            "zendesk" => (true, ConnectionKind.Zendesk),
            "intercom" => (true, ConnectionKind.Intercom),
            "jira" => (true, ConnectionKind.Jira),
            "linear" => (true, ConnectionKind.Linear),
            "slack" => (true, ConnectionKind.Slack),
            _ => (false, default),
        };
        return ok;
    }
}

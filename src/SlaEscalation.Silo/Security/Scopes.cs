namespace SlaEscalation.Silo.Security;

/// <summary>The scopes an API key can carry (docs/api.md); each endpoint requires one.</summary>
public static class Scopes
{
    public const string EventsWrite = "events:write";
    public const string TicketsRead = "tickets:read";
    public const string ConfigWrite = "config:write";
    public const string EscalationsWrite = "escalations:write";
    public const string DigestsRead = "digests:read";
    public const string Operator = "operator";

    /// <summary>Every scope, in the order docs/api.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EventsWrite, TicketsRead, ConfigWrite, EscalationsWrite, DigestsRead, Operator];

    /// <summary>The claim type that carries a scope.</summary>
    public const string ClaimType = "scope";
}

using System.Security.Claims;

namespace SlaEscalation.Silo.Board;

/// <summary>The person signed in to the board, and what their scopes let the page show and offer.</summary>
public sealed record BoardUser(string Name, IReadOnlySet<string> Scopes)
{
    /// <summary>Tickets, escalations and their timelines.</summary>
    public bool ReadsTickets => Scopes.Contains(Security.Scopes.TicketsRead);

    /// <summary>The Acknowledge, Hand off and Resolve buttons.</summary>
    public bool WritesEscalations => Scopes.Contains(Security.Scopes.EscalationsWrite);

    public bool ReadsDigests => Scopes.Contains(Security.Scopes.DigestsRead);

    /// <summary>The configuration, read-only: as <c>GET /v1/configuration</c>, for readers and admins.</summary>
    public bool ReadsConfiguration => Scopes.Contains(Security.Scopes.TicketsRead) || Scopes.Contains(Security.Scopes.ConfigWrite);

    public static BoardUser Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return new BoardUser(
            principal.FindFirstValue(ClaimTypes.Name) ?? "unknown",
            principal.FindAll(Security.Scopes.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Whether <paramref name="principal"/> was signed in by the board's own schemes (an API key on a board address
    /// signs in no one there).
    /// </summary>
    public static bool IsBoardPrincipal(ClaimsPrincipal principal) =>
        principal?.Identity is { IsAuthenticated: true, AuthenticationType: BoardAuthentication.CookieScheme or BoardAuthentication.ProxyScheme };

    /// <summary>A principal of the board's own schemes for <paramref name="name"/> with <paramref name="scopes"/>.</summary>
    public static ClaimsPrincipal Principal(string name, IEnumerable<string> scopes, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(scopes.Select(scope => new Claim(Security.Scopes.ClaimType, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

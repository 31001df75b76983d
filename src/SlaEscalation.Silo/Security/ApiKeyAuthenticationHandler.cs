using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SlaEscalation.Silo.Security;

/// <summary>
/// Authenticates callers by API key, presented as <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or, under
/// <see cref="DashboardPath"/> and the API reference (<c>/docs</c>, <c>/openapi</c>) only, as the password of
/// <c>Authorization: Basic</c> (so a browser can open them through its own login prompt).
/// </summary>
/// <remarks>
/// A browser replays Basic credentials by itself, so a page elsewhere could make it send them along with a form;
/// limiting Basic (and its challenge) to the dashboard keeps the browser's remembered login away from <c>/v1</c>.
/// </remarks>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Where the dashboard is served: the one place a browser's Basic login is asked for and taken.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Sent with a 401 under <see cref="DashboardPath"/>, so a browser offers its login prompt.</summary>
    public const string DashboardChallenge = "Basic realm=\"SlaEscalation\", ApiKey header=\"X-Api-Key\"";

    /// <summary>Sent with every other 401: API clients learn the header, browsers show no prompt.</summary>
    public const string ApiChallenge = "ApiKey header=\"X-Api-Key\"";

    /// <summary>The challenge a 401 for <paramref name="request"/> carries.</summary>
    public static string ChallengeFor(HttpRequest request) =>
        IsDashboard(request) ? DashboardChallenge : ApiChallenge;

    // The API reference and its document are read-only pages a person opens in a browser too.
    private static bool IsDashboard(HttpRequest request) =>
        request.Path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var key = keys.Find(presented);
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
        claims.AddRange(key.Scopes.Select(scope => new Claim(Scopes.ClaimType, scope)));
        claims.AddRange(key.Sources.Select(source => new Claim(EventSources.ClaimType, source)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var authorization)
            || string.IsNullOrWhiteSpace(authorization.Parameter))
        {
            return null;
        }

        if (authorization.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return authorization.Parameter.Trim();
        }

        if (authorization.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && IsDashboard(request))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Parameter));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : pair[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }
}

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SlaEscalation.Silo.Security;

/// <summary>
/// Authenticates callers by API key, presented as <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or as the password
/// of <c>Authorization: Basic</c> (so a browser can open the operator dashboard through its own login prompt).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Sent with every 401 so browsers offer a login prompt and API clients learn the header.</summary>
    public const string Challenge = "Basic realm=\"SlaEscalation\", ApiKey header=\"X-Api-Key\"";

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

        if (authorization.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
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

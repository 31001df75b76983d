using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// How a person is signed in to the board: by the session cookie made when they gave their personal API key once, or,
/// when <see cref="BoardSettings.TrustedUserHeader"/> is set and present, by the reverse proxy's header. The board's
/// schemes never authenticate <c>/v1</c>: a browser sends cookies by itself, API calls carry their key.
/// </summary>
public static class BoardAuthentication
{
    /// <summary>The scheme board pages authenticate with: the proxy's header when present, else the session cookie.</summary>
    public const string Scheme = "Board";
    public const string CookieScheme = "BoardCookie";
    public const string ProxyScheme = "BoardProxy";

    /// <summary>The claim holding the session's API key's SHA-256, so a key removed from the ring ends its sessions.</summary>
    public const string KeyClaim = "board-key";

    public const string CookieName = "sla_board";

    /// <summary>How long a session lasts without use.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static void Add(IServiceCollection services, BoardSettings settings)
    {
        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Board", options => options.ForwardDefaultSelector = context =>
                settings.TrustedUserHeader is { } header && context.Request.Headers.ContainsKey(header) ? ProxyScheme : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TrustedProxyAuthenticationHandler>(ProxyScheme, null)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = BoardEndpoints.Root;
                options.ExpireTimeSpan = SessionLifetime;
                options.SlidingExpiration = true;
                options.LoginPath = BoardEndpoints.SignInPath;
                options.Events.OnValidatePrincipal = RefreshScopesAsync;
            });
    }

    /// <summary>A session principal for <paramref name="key"/>: the person is the key's name.</summary>
    public static ClaimsPrincipal SessionFor(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var principal = BoardUser.Principal(key.Name, key.Scopes, CookieScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(KeyClaim, Convert.ToHexString(key.Sha256)));
        return principal;
    }

    // The key's scopes are read again on every request: a key removed or narrowed takes its sessions with it.
    private static Task RefreshScopesAsync(CookieValidatePrincipalContext context)
    {
        var ring = context.HttpContext.RequestServices.GetRequiredService<ApiKeyRing>();
        var hash = context.Principal?.FindFirstValue(KeyClaim);
        var key = hash is null ? null : ring.WithHash(Convert.FromHexString(hash));
        if (key is null)
        {
            context.RejectPrincipal();
        }
        else
        {
            context.ReplacePrincipal(SessionFor(key));
        }

        return Task.CompletedTask;
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
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

    /// <summary>The claim naming the session, so signing out can end it wherever a copy of its cookie is.</summary>
    public const string SessionClaim = "board-session";

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

    /// <summary>A new session's principal for <paramref name="key"/>: the person is the key's name.</summary>
    public static ClaimsPrincipal SessionFor(ApiKey key) => SessionFor(key, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    /// <summary>Ends the session <paramref name="user"/> is signed in with, on every silo: a copy of its cookie no longer signs in.</summary>
    public static Task EndSessionAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(KeyClaim) is { } hash && user.FindFirstValue(SessionClaim) is { } session
            ? grains.GetGrain<IBoardSessionsGrain>(hash).EndAsync(session)
            : Task.CompletedTask;
    }

    private static ClaimsPrincipal SessionFor(ApiKey key, string session)
    {
        ArgumentNullException.ThrowIfNull(key);
        var principal = BoardUser.Principal(key.Name, key.Scopes, CookieScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaims([new Claim(KeyClaim, Convert.ToHexString(key.Sha256)), new Claim(SessionClaim, session)]);
        return principal;
    }

    // The key's scopes are read again on every request: a key removed or narrowed takes its sessions with it, and a
    // session signed out is refused, whoever holds a copy of its cookie.
    private static async Task RefreshScopesAsync(CookieValidatePrincipalContext context)
    {
        var ring = context.HttpContext.RequestServices.GetRequiredService<ApiKeyRing>();
        var hash = context.Principal?.FindFirstValue(KeyClaim);
        var session = context.Principal?.FindFirstValue(SessionClaim);
        var key = hash is null ? null : ring.WithHash(Convert.FromHexString(hash));
        if (key is null || session is null
            || await context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IBoardSessionsGrain>(hash!).IsEndedAsync(session))
        {
            context.RejectPrincipal();
        }
        else
        {
            context.ReplacePrincipal(SessionFor(key, session));
        }
    }
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Security;

/// <summary>Registers API-key authentication and one authorization policy per scope.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Reading the SLA configuration: admins (<c>config:write</c>) and readers (<c>tickets:read</c>) may.</summary>
    public const string ConfigReadPolicy = "config:read";

    /// <summary>Any signed-in key, whatever its scopes: the API's own description needs no more.</summary>
    public const string AnyScopePolicy = "any-scope";

    /// <summary>
    /// Adds API-key security. In embedded mode with no key configured, a random key with every scope is made for
    /// this run and returned so it can be shown once; durable mode never invents keys.
    /// </summary>
    public static string? AddSlaSecurity(this IServiceCollection services, IConfiguration configuration, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (ring, errors) = ApiKeyRing.Load(configuration);
        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        string? generated = null;
        if (ring.Count == 0 && settings.Mode == StorageMode.Embedded)
        {
            generated = "sla_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            ring = new ApiKeyRing([new ApiKey("embedded-development", ApiKey.Hash(generated), Scopes.All.ToHashSet())]);
        }

        services.AddSingleton(ring);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            foreach (var scope in Scopes.All)
            {
                options.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, scope));
            }

            options.AddPolicy(AnyScopePolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType));
            options.AddPolicy(ConfigReadPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.ConfigWrite, Scopes.TicketsRead));
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return generated;
    }
}

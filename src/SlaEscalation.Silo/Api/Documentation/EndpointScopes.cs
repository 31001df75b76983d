using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// The scopes an endpoint requires, read from the authorization policies on its metadata, so the description says
/// what the silo enforces and never a second list kept by hand.
/// </summary>
public static class EndpointScopes
{
    /// <summary>
    /// The scopes any one of which lets a key call the endpoint; empty when it asks for no scope (anonymous, or a
    /// vendor webhook checked by signature).
    /// </summary>
    public static async Task<IReadOnlyList<string>> OfAsync(IReadOnlyList<object> metadata, IAuthorizationPolicyProvider policies)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return [];
        }

        var policy = await AuthorizationPolicy.CombineAsync(
            policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
        return policy is null
            ? []
            : [.. policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
                .Where(r => r.ClaimType == Scopes.ClaimType)
                .SelectMany(r => r.AllowedValues ?? [])
                .Distinct(StringComparer.Ordinal)];
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace SlaEscalation.Silo.Security;

/// <summary>Answers 401 and 403 as RFC 9457 problems that say which key or scope is missing.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = ApiKeyAuthenticationHandler.ChallengeFor(context.Request);
            var presented = context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                || context.Request.Headers.ContainsKey("Authorization");
            await TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: presented
                        ? "The API key is not recognised."
                        : $"An API key is required: send it in the {ApiKeyAuthenticationHandler.HeaderName} header.")
                .ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var required = policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
                .Where(r => r.ClaimType == Scopes.ClaimType)
                .SelectMany(r => r.AllowedValues ?? [])
                .ToArray();
            await TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Forbidden",
                    detail: $"This API key lacks the scope this endpoint needs: {string.Join(" or ", required)}.")
                .ExecuteAsync(context);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}

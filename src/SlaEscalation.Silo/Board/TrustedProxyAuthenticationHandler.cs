using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// Signs a board request in as the person an authenticating reverse proxy names in
/// <see cref="BoardSettings.TrustedUserHeader"/>, with <see cref="BoardSettings.TrustedUserScopes"/>. The header is
/// believed as sent: the silo must only be reachable through that proxy.
/// </summary>
public sealed class TrustedProxyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BoardSettings settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (settings.TrustedUserHeader is not { } header || Request.Headers[header].ToString().Trim() is not { Length: > 0 } name)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // The name becomes the actor of audit entries: it must fit there as any actor does.
        if (StoredText.ProblemWith(name, StoredLimits.Actor) is { } problem)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {header} header {problem}."));
        }

        var principal = BoardUser.Principal(name, settings.TrustedUserScopes, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    // Behind the proxy there is no sign-in page to send a person to: the proxy did not name one, so nobody is in.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// Errors a person meets on the board as the board's own pages, not as the API's JSON problems: an address no page
/// has, a method no page takes, storage out. Everywhere else the answers stay RFC 9457 problems.
/// </summary>
public static class BoardErrorPages
{
    /// <summary>Whether <paramref name="context"/> asks for an address of the board.</summary>
    public static bool IsBoard(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments(BoardEndpoints.Root, StringComparison.Ordinal);
    }

    /// <summary>
    /// Status code pages: a board page for an error without a body under <c>/board</c>, the framework's problem
    /// everywhere else.
    /// </summary>
    public static IApplicationBuilder UseSlaStatusCodePages(this IApplicationBuilder app)
    {
        var options = new StatusCodePagesOptions();
        var problem = options.HandleAsync;
        options.HandleAsync = context => IsBoard(context.HttpContext) ? WriteStatusPageAsync(context.HttpContext) : problem(context);
        return app.UseStatusCodePages(options);
    }

    /// <summary>The board's page for storage or the cluster being out: status 503, and to try again.</summary>
    public static Task WriteUnavailablePageAsync(HttpContext context) =>
        BoardEndpoints.WriteMessagePageAsync(context, "Temporarily unavailable",
            "The board cannot reach its database or the cluster just now, so this page could not be drawn and nothing was done. " +
            "Please try again in a few seconds.");

    private static async Task WriteStatusPageAsync(HttpContext context)
    {
        // No board endpoint ran, so no one is signed in yet: the page is drawn for the person the board knows, if any.
        if (!BoardUser.IsBoardPrincipal(context.User) && await context.AuthenticateAsync(BoardAuthentication.Scheme) is { Succeeded: true } signedIn)
        {
            context.User = signedIn.Principal;
        }

        var (title, text) = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("No such page", "The board has no page at this address. Start again from Now."),
            StatusCodes.Status405MethodNotAllowed => ("Not here", "This address of the board does not take that kind of request; nothing was done."),
            var status => (ReasonPhrases.GetReasonPhrase(status), "The board could not answer this request; nothing was done."),
        };
        await BoardEndpoints.WriteMessagePageAsync(context, title, text);
    }
}

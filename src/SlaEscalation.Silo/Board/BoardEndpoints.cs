using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Silo.Api;
using SlaEscalation.Silo.Api.Digests;
using SlaEscalation.Silo.Api.Escalations;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Board.Pages;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// The board under <c>/board</c>: Now, Escalations, a ticket, digests and the configuration, rendered on the server,
/// and <c>/board/live</c>, the server-sent events that keep Now current. Every page needs a signed-in person; their
/// scopes decide what it shows and which commands it offers. Commands are form posts with an anti-forgery token and
/// go to the same grain calls as <c>/v1/escalations/{id}/...</c>, with the person as the actor.
/// </summary>
public static class BoardEndpoints
{
    public const string Root = "/board";
    public const string SignInPath = "/board/sign-in";

    /// <summary>The cookie carrying a command's notice to the one page drawn after it.</summary>
    public const string NoticeCookie = "sla_board_notice";

    /// <summary>How long a notice waits for its page: the redirect's round trip, not a later visit.</summary>
    public static readonly TimeSpan NoticeLifetime = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapSlaBoard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, SignInPageAsync);
        endpoints.MapPost(SignInPath, SignInAsync);
        endpoints.MapGet("/board/assets/{name}", BoardAssets.Get);

        var board = endpoints.MapGroup(Root).AddEndpointFilter(SignedInAsync).AddEndpointFilter(QueryRefused);
        board.MapPost("/sign-out", SignOutAsync);
        board.MapGet("/", NowAsync);
        board.MapGet("/live", BoardLive.StreamAsync);
        board.MapGet("/escalations", EscalationsAsync);
        board.MapPost("/escalations/{id}/{command}", CommandAsync);
        board.MapGet("/tickets/{key}", TicketAsync);
        board.MapGet("/digests", DigestsAsync);
        board.MapGet("/digests/{team}/{date}", DigestAsync);
        board.MapGet("/configuration", ConfigurationAsync);
        return endpoints;
    }

    /// <summary>Signs the request in with the board's scheme; without a person, the sign-in page (or the proxy's 401).</summary>
    private static async ValueTask<object?> SignedInAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var result = await context.AuthenticateAsync(BoardAuthentication.Scheme);
        if (!result.Succeeded)
        {
            return Results.Challenge(authenticationSchemes: [BoardAuthentication.Scheme]);
        }

        context.User = result.Principal;
        return await next(invocation);
    }

    /// <summary>A 400 page for a query holding a NUL character (as the API refuses one: no statement takes it).</summary>
    private static async ValueTask<object?> QueryRefused(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (QueryText.Problems(context.Request.Query) is { Count: > 0 } problems)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Render<MessagePage>(context, context.RequestServices.GetRequiredService<IAntiforgery>(), new()
            {
                ["Title"] = "Address refused", ["Text"] = $"The address could not be read: {string.Join("; ", problems)}. Nothing was done.",
            });
        }

        return await next(invocation);
    }

    /// <summary>A 400 page for a team filter that is no team id; null when it is one or absent.</summary>
    private static RazorComponentResult? RefusedTeam(HttpContext context, IAntiforgery antiforgery, string? team)
    {
        if (string.IsNullOrEmpty(team) || PartIds.IsValid(team))
        {
            return null;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Render<MessagePage>(context, antiforgery, new()
        {
            ["Title"] = "No such team", ["Text"] = $"A team is a team id: 1 to {StoredLimits.PartId} of a-z, 0-9, '_' and '-', starting with a letter or digit.",
        });
    }

    private static IResult SignInPageAsync(HttpContext context, IAntiforgery antiforgery, BoardSettings settings, string? returnUrl) =>
        Render<SignInPage>(context, antiforgery, new() { ["ReturnUrl"] = LocalPath(returnUrl), ["ProxyHeader"] = settings.TrustedUserHeader });

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, ApiKeyRing ring)
    {
        if (await RefusedFormAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        var form = await context.Request.ReadFormAsync();
        var key = form["key"].ToString().Trim();
        var found = key.Length is > 0 and <= 1000 ? ring.Find(key) : null;
        if (found is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Render<SignInPage>(context, antiforgery, new()
            {
                ["ReturnUrl"] = LocalPath(form["returnUrl"]),
                ["Error"] = "That API key is not recognised.",
            });
        }

        await context.SignInAsync(BoardAuthentication.CookieScheme, BoardAuthentication.SessionFor(found));
        return Results.LocalRedirect(LocalPath(form["returnUrl"]));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, IGrainFactory grains)
    {
        if (await RefusedFormAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        await BoardAuthentication.EndSessionAsync(grains, context.User);
        await context.SignOutAsync(BoardAuthentication.CookieScheme);
        return Results.LocalRedirect(SignInPath);
    }

    private static async Task<IResult> NowAsync(
        HttpContext context, IAntiforgery antiforgery, BoardTickets tickets, BoardSettings settings, ISlaConfigurationSource configuration,
        string? team, string? mine, CancellationToken cancellationToken)
    {
        var user = BoardUser.Of(context.User);
        if (!user.ReadsTickets)
        {
            return Missing(context, antiforgery, Scopes.TicketsRead, "the tickets at risk and breached");
        }

        if (RefusedTeam(context, antiforgery, team) is { } refusedTeam)
        {
            return refusedTeam;
        }

        var teams = (await configuration.GetAsync()).Configuration.Teams.Keys.Order(StringComparer.Ordinal).ToArray();
        var teamFilter = string.IsNullOrEmpty(team) ? null : team;
        var agent = mine == "1" ? user.Name : null;
        var breached = await tickets.ListAsync(BoardTicket.Breached, teamFilter, agent, settings.NowRows, cancellationToken);
        var atRisk = await tickets.ListAsync(BoardTicket.AtRisk, teamFilter, agent, settings.NowRows, cancellationToken);
        return Render<NowPage>(context, antiforgery, new()
        {
            ["Breached"] = breached, ["AtRisk"] = atRisk, ["Teams"] = teams, ["Team"] = teamFilter, ["Mine"] = agent is not null,
        });
    }

    private static async Task<IResult> EscalationsAsync(
        HttpContext context, IAntiforgery antiforgery, BoardEscalations escalations, BoardSettings settings, ISlaConfigurationSource configuration,
        string? team, string? owner, CancellationToken cancellationToken)
    {
        if (!BoardUser.Of(context.User).ReadsTickets)
        {
            return Missing(context, antiforgery, Scopes.TicketsRead, "open escalations");
        }

        if (RefusedTeam(context, antiforgery, team) is { } refusedTeam)
        {
            return refusedTeam;
        }

        // The API's reading of an owner: a bare id is a user, as a hand-off names one.
        var ownerFilter = string.IsNullOrEmpty(owner) ? null : EscalationOwners.Parse(owner);
        if (!string.IsNullOrEmpty(owner) && ownerFilter is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Render<MessagePage>(context, antiforgery, new()
            {
                ["Title"] = "No such owner", ["Text"] = "An owner is 'user:<id>', 'team:<id>' or a user id.",
            });
        }

        var defined = (await configuration.GetAsync()).Configuration.Teams;
        var teams = defined.Keys.Order(StringComparer.Ordinal).ToArray();
        var teamFilter = string.IsNullOrEmpty(team) ? null : team;
        var list = await escalations.ListAsync(teamFilter, ownerFilter, settings.NowRows, cancellationToken);
        return Render<EscalationsPage>(context, antiforgery, new()
        {
            ["List"] = list, ["Teams"] = teams, ["Team"] = teamFilter, ["Owner"] = ownerFilter,
            ["Zones"] = defined.ToDictionary(t => t.Key, t => t.Value.Zone, StringComparer.Ordinal),
        });
    }

    private static async Task<IResult> TicketAsync(
        string key, HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, IEscalationIndex escalations, IAuditTrail trail,
        ISlaConfigurationSource configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!BoardUser.Of(context.User).ReadsTickets)
        {
            return Missing(context, antiforgery, Scopes.TicketsRead, "tickets");
        }

        if (!CloudEventReader.IsTicketKey(key) || await grains.GetGrain<ITicketGrain>(key).GetAsync() is not { } view)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Render<MessagePage>(context, antiforgery, new() { ["Title"] = "Unknown ticket", ["Text"] = "No event was received for that ticket." });
        }

        var raised = await escalations.ListAsync(new EscalationQuery(null, null, key, null, 1000), cancellationToken);
        var tasks = await escalations.ListTasksAsync(key, cancellationToken);
        // The latest entries: on a long ticket the first thousand are weeks old, and what a lead just did is last.
        var head = await trail.ReadHeadAsync(key, cancellationToken);
        var after = Math.Max(0, (head?.Sequence ?? 0) - TicketPage.TimelineLimit);
        var timeline = await trail.ReadChainAsync(key, after, TicketPage.TimelineLimit, cancellationToken);
        var verification = await trail.VerifyAsync(key, cancellationToken);
        var pauses = await PausesAsync(grains.GetGrain<ITicketGrain>(key), view, configuration, time.GetUtcNow());
        var zone = (await configuration.GetAsync()).Configuration.Teams.GetValueOrDefault(view.Owner.Team)?.Zone ?? DateTimeZone.Utc;
        return Render<TicketPage>(context, antiforgery, new()
        {
            ["Zone"] = zone,
            ["Ticket"] = view, ["Escalations"] = raised, ["Tasks"] = tasks, ["Timeline"] = timeline, ["TimelineEntries"] = head?.Sequence ?? 0,
            ["Verification"] = verification, ["Pauses"] = pauses,
        });
    }

    /// <summary>Each clock's spans stopped by the ticket's status, by metric instance, from the ticket's history.</summary>
    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>>> PausesAsync(
        ITicketGrain ticket, TicketView view, ISlaConfigurationSource configuration, DateTimeOffset now)
    {
        var current = (await configuration.GetAsync()).Configuration;
        var history = (await ticket.GetHistoryAsync()).Select(TicketEventMapping.ToDomain).ToArray();
        var pauses = new Dictionary<string, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>>(StringComparer.Ordinal);
        foreach (var metric in view.Metrics)
        {
            if (metric.StartedAt is { } started && SlaMetricWire.TryParse(metric.Metric, out var slaMetric))
            {
                pauses[metric.InstanceId] = ClockPauses.Of(current, history, slaMetric, Instant.FromDateTimeOffset(started), Instant.FromDateTimeOffset(metric.AchievedAt ?? now))
                    .Select(span => (span.From.ToDateTimeOffset(), span.To.ToDateTimeOffset()))
                    .ToArray();
            }
        }

        return pauses;
    }

    private static async Task<IResult> DigestsAsync(HttpContext context, IAntiforgery antiforgery, ISlaConfigurationSource configuration, TimeProvider time)
    {
        if (!BoardUser.Of(context.User).ReadsDigests)
        {
            return Missing(context, antiforgery, Scopes.DigestsRead, "digests");
        }

        var current = (await configuration.GetAsync()).Configuration;
        var now = time.GetUtcNow();
        var days = current.Teams.Keys.Order(StringComparer.Ordinal)
            .Select(team => (team, DigestTeam.Of(current, team)))
            .Select(t => new DigestsPage.TeamDays(t.team, Enumerable.Range(0, DigestsPage.Days).Select(back => DigestDay.Format(t.Item2.DateOf(now).PlusDays(-back))).ToArray()))
            .ToArray();
        return Render<DigestsPage>(context, antiforgery, new() { ["Teams"] = days });
    }

    private static async Task<IResult> DigestAsync(
        string team, string date, HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, RenderedDigests rendered,
        ISlaConfigurationSource configuration, DigestSettings settings, TeamAdditions additions, TimeProvider time)
    {
        if (!BoardUser.Of(context.User).ReadsDigests)
        {
            return Missing(context, antiforgery, Scopes.DigestsRead, "digests");
        }

        var (day, problem) = await DigestsApi.ResolveAsync(team, date, configuration, settings, additions, time);
        if (problem is not null)
        {
            context.Response.StatusCode = problem.StatusCode;
            return Render<MessagePage>(context, antiforgery, new() { ["Title"] = problem.ProblemDetails.Title, ["Text"] = problem.ProblemDetails.Detail });
        }

        var (_, body) = await rendered.GetAsync(grains, day!.Key, DigestFormat.Html);
        return TypedResults.Bytes(body, "text/html; charset=utf-8");
    }

    private static async Task<IResult> ConfigurationAsync(HttpContext context, IAntiforgery antiforgery, IGrainFactory grains)
    {
        if (!BoardUser.Of(context.User).ReadsConfiguration)
        {
            return Missing(context, antiforgery, Scopes.TicketsRead, "the configuration");
        }

        var store = grains.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);
        var snapshot = await store.GetAsync();
        var history = await store.GetHistoryAsync(ConfigurationPage.HistoryLimit, null);
        return Render<ConfigurationPage>(context, antiforgery, new()
        {
            ["Snapshot"] = snapshot, ["Document"] = Indented(snapshot.Document), ["History"] = history.Changes,
        });
    }

    /// <summary>Acknowledge, hand off or resolve: the escalation grain's commands, as the HTTP API calls them.</summary>
    private static async Task<IResult> CommandAsync(
        string id, string command, HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, ISlaConfigurationSource configuration)
    {
        if (await RefusedFormAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        var user = BoardUser.Of(context.User);
        if (!user.WritesEscalations)
        {
            return Missing(context, antiforgery, Scopes.EscalationsWrite, "escalation commands");
        }

        var form = await context.Request.ReadFormAsync();
        var back = LocalPath(form["returnTo"]);
        if (!EscalationsApi.IsId(id))
        {
            return Back(context, back, BoardNotice.Unknown);
        }

        var escalation = grains.GetGrain<IEscalationGrain>(id);
        var reason = Text(form["reason"]);
        EscalationCommandResult result;
        switch (command)
        {
            case "ack":
                result = await escalation.AcknowledgeAsync(user.Name, user.Name);
                break;
            case "handoff":
                var (to, _) = EscalationOwners.ParseHandOff(form["to"], (await configuration.GetAsync()).Configuration);
                if (to is null && EscalationOwners.Parse(form["to"])?.StartsWith("team:", StringComparison.Ordinal) == true)
                {
                    return Back(context, back, BoardNotice.UnknownTeam);
                }

                if (to is null || reason is null || CommandField.Reason.ProblemWith(reason) is not null)
                {
                    return Back(context, back, BoardNotice.InvalidHandOff);
                }

                result = await escalation.HandOffAsync(to, user.Name, reason, user.Name);
                break;
            case "resolve":
                if (reason is not null && CommandField.Reason.ProblemWith(reason) is not null)
                {
                    return Back(context, back, BoardNotice.InvalidReason);
                }

                result = await escalation.ResolveAsync(user.Name, reason, user.Name);
                break;
            default:
                return Results.NotFound();
        }

        return Back(context, back, result.Outcome switch
        {
            EscalationCommandOutcome.Applied => command switch
            {
                "ack" => BoardNotice.Acknowledged,
                "handoff" => BoardNotice.HandedOff,
                _ => BoardNotice.Resolved,
            },
            EscalationCommandOutcome.Closed => BoardNotice.Closed,
            EscalationCommandOutcome.AlreadyOwner => BoardNotice.AlreadyOwner,
            _ => BoardNotice.Unknown,
        });
    }

    /// <summary>A refusal page when the form lacks a valid anti-forgery token; null when it has one.</summary>
    private static async Task<IResult?> RefusedFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var text = "The form did not carry this board's anti-forgery token, so nothing was done. Open the page again and resend.";
        try
        {
            if (context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context))
            {
                return null;
            }
        }
        catch (AntiforgeryValidationException)
        {
            // A form no browser sends (a NUL character, a broken encoding) cannot be read at all.
            text = "The form could not be read (it holds characters a form may not), so nothing was done.";
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Render<MessagePage>(context, antiforgery, new()
        {
            ["Title"] = "Form refused",
            ["Text"] = text,
        });
    }

    /// <summary>
    /// Writes a page of the board's own saying <paramref name="title"/> and <paramref name="text"/>, for an answer
    /// decided outside its endpoints (an address no page has, storage out), with the status already set.
    /// </summary>
    public static Task WriteMessagePageAsync(HttpContext context, string title, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Render<MessagePage>(context, context.RequestServices.GetRequiredService<IAntiforgery>(), new() { ["Title"] = title, ["Text"] = text })
            .ExecuteAsync(context);
    }

    private static RazorComponentResult Render<TPage>(HttpContext context, IAntiforgery antiforgery, Dictionary<string, object?> parameters)
        where TPage : IComponent
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var user = BoardUser.IsBoardPrincipal(context.User) ? BoardUser.Of(context.User) : null;
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        parameters["Page"] = user is null ? null : new BoardPage(user, tokens.FormFieldName, tokens.RequestToken!, now,
            context.Request.Path + context.Request.QueryString.Value, TakeNotice(context));
        parameters["Form"] = (tokens.FormFieldName, tokens.RequestToken!);

        // Only the silo's own script runs, nothing is framed, and forms post only here. Clock bars place their spans
        // with style attributes, which is why inline styles are allowed.
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        return new RazorComponentResult<TPage>(parameters!);
    }

    private static RazorComponentResult Missing(HttpContext context, IAntiforgery antiforgery, string scope, string what)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Render<MessagePage>(context, antiforgery, new()
        {
            ["Title"] = "Not for this key",
            ["Text"] = $"Showing {what} needs the scope {scope}, which you were not given.",
        });
    }

    /// <summary>
    /// Back to <paramref name="path"/>, with <paramref name="notice"/> in a short-lived cookie rather than the address:
    /// the page drawn next shows it and drops it, so a reload, a bookmark or a shared link never repeats it.
    /// </summary>
    private static RedirectHttpResult Back(HttpContext context, string path, string notice)
    {
        context.Response.Cookies.Append(NoticeCookie, notice, new CookieOptions
        {
            Path = Root, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, MaxAge = NoticeLifetime,
        });
        return TypedResults.LocalRedirect(path);
    }

    /// <summary>The words of the notice waiting for this page, if any, which is then dropped.</summary>
    private static string? TakeNotice(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(NoticeCookie, out var code))
        {
            return null;
        }

        context.Response.Cookies.Delete(NoticeCookie, new CookieOptions { Path = Root });
        return BoardNotice.Describe(code);
    }

    /// <summary>A board path to go to after a form: only a path of this board, never another site.</summary>
    private static string LocalPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith(Root, StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal)
            || path.Contains('\\', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            return Root;
        }

        return path;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, IndentedJson);
    }

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Silo.Api.Digests;
using SlaEscalation.Silo.Api.Escalations;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// <c>GET /v1/digests/{team}/{date}</c> (scope <c>digests:read</c>): a team's digest of a local day as JSON,
/// Markdown or HTML by <c>Accept</c>. <c>POST /v1/digests/{team}/{date}/reconcile</c> (scope <c>operator</c>): starts
/// a recount of that day from durable records. A malformed date is a <c>400</c>, a team the configuration does not
/// know or a day that has not begun a <c>404</c>, an <c>Accept</c> none of the three satisfies a <c>406</c>. Each read
/// answers with an <c>ETag</c> of the report's version and format; <c>If-None-Match</c> with it is a <c>304</c>
/// while the digest is unchanged. A day older than <see cref="DigestSettings"/> keeps is a <c>404</c>, a recount past
/// the silo's bound a <c>429</c>.
/// </summary>
public static class DigestsApi
{
    public static IEndpointRouteBuilder MapDigestsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/digests/{team}/{date}", GetAsync).RequireAuthorization(Scopes.DigestsRead)
            .WithSummary("Get a team's digest of a day (JSON, Markdown or HTML by Accept)")
            .Produces<DigestReport>(StatusCodes.Status200OK, "application/json", "text/markdown", "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable);
        endpoints.MapPost("/v1/digests/{team}/{date}/reconcile", ReconcileAsync).RequireAuthorization(Scopes.Operator)
            .WithSummary("Recount a team's digest of a day from durable records")
            .Produces<DigestReconcileStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(
        string team, string date, HttpContext context, IGrainFactory grains, RenderedDigests rendered, ISlaConfigurationSource configuration,
        DigestSettings settings, TeamAdditions additions, TimeProvider time)
    {
        var (day, problem) = await ResolveAsync(team, date, configuration, settings, additions, time);
        if (problem is not null)
        {
            return problem;
        }

        context.Response.Headers.Vary = "Accept";
        if (DigestFormats.Negotiate(context.Request.Headers.Accept) is not { } format)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable",
                detail: $"a digest is available as {string.Join(", ", DigestFormats.Offered.Select(o => o.MediaType))}");
        }

        var (version, body) = await rendered.GetAsync(grains, day!.Key, format);
        var etag = new EntityTagHeaderValue($"\"{version}-{format.ToString().ToLowerInvariant()}\"");
        context.Response.Headers.ETag = etag.ToString();
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(m => m.Compare(etag, useStrongComparison: false) || m.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body, format switch
        {
            DigestFormat.Html => "text/html; charset=utf-8",
            DigestFormat.Markdown => "text/markdown; charset=utf-8",
            _ => "application/json; charset=utf-8",
        });
    }

    private static async Task<IResult> ReconcileAsync(
        string team, string date, HttpRequest request, IGrainFactory grains, ISlaConfigurationSource configuration,
        DigestSettings settings, TeamAdditions additions, TimeProvider time)
    {
        // Read, not only labelled: a malformed body is a mistake the caller must hear of, even though no field is used.
        var (body, problems, refusal) = await CommandBody.ReadAsync(request);
        if (body is null)
        {
            return Problems.Invalid("Invalid recount request", problems, status: refusal);
        }

        var (day, problem) = await ResolveAsync(team, date, configuration, settings, additions, time);
        if (problem is not null)
        {
            return problem;
        }

        if (await grains.GetGrain<IDigestAggregatorGrain>(day!.Key).StartReconcileAsync() is not { } status)
        {
            request.HttpContext.Response.Headers.RetryAfter = RecountRetryAfterSeconds;
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many recounts",
                detail: $"the silo holding this digest already runs {settings.MaxConcurrentRecounts} recounts (Digests__MaxConcurrentRecounts); nothing was started: resend after Retry-After");
        }

        return TypedResults.Accepted(DigestNotification.PathOf(day.Team.Id, day.DateText), status);
    }

    /// <summary>Seconds a refused recount is asked to wait: a recount of a day takes seconds to a minute.</summary>
    private const string RecountRetryAfterSeconds = "30";

    /// <summary>The digest's day, or the problem with the request.</summary>
    internal static async Task<(DigestDay? Day, ProblemHttpResult? Problem)> ResolveAsync(
        string team, string date, ISlaConfigurationSource configuration, DigestSettings settings, TeamAdditions additions, TimeProvider time)
    {
        if (DigestDay.ParseDate(date) is not { } localDate)
        {
            return (null, Problems.InvalidParameter("Invalid digest date", "date", "date is a local day as yyyy-MM-dd, e.g. 2026-03-02"));
        }

        var versioned = await configuration.GetAsync();
        var current = versioned.Configuration;
        if (!current.Teams.ContainsKey(team) && team != TicketOwnership.UnroutedTeam)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown team",
                detail: $"no team '{Clip(team)}' is configured (PUT /v1/teams/{{id}}); '{TicketOwnership.UnroutedTeam}' is the queue of unrouted tickets"));
        }

        // Neither a day the silo no longer keeps nor one long before the team existed: reading or recounting
        // one would only scan records for nothing. Asked first, as dates only: the first instant of a day in year
        // 1 east of UTC is no instant at all.
        var digestTeam = DigestTeam.Of(current, team);
        var now = time.GetUtcNow();
        // A team whose addition the trimmed history no longer shows is known from the history's start only: a day
        // long before it would answer an empty digest for a time the team may not have existed in.
        var (since, historyStart) = team == TicketOwnership.UnroutedTeam ? (null, false) : await additions.KnownSinceAsync(team, versioned.Version);
        var firstDay = settings.FirstDay(digestTeam.DateOf(now), since is { } known ? digestTeam.DateOf(known) : null);
        if (localDate < firstDay)
        {
            var added = historyStart
                ? $"the team is known since {since:O}, where the configuration history begins (only the newest changes are kept)"
                : "the team was added";
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No digest for that day",
                detail: $"{date} is before {DigestDay.Format(firstDay)}, the first day of team '{team}' kept: digests go back {settings.RetentionDays} days (Digests__RetentionDays) and at most {settings.BackfillDays} days before {added} (Digests__BackfillDays)"));
        }

        var day = digestTeam.Day(localDate);
        if (day.From > now)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No digest yet",
                detail: $"{date} has not begun in {digestTeam.Zone.Id}, the zone of team '{team}'"));
        }

        return (day, null);
    }

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Api.Audit;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// The audit trail: <c>GET /v1/tickets/{key}/timeline</c> (scope <c>tickets:read</c>), one ticket's chain oldest
/// first, and <c>GET /v1/audit</c> (scope <c>operator</c>: it spans configuration changes and refused requests of
/// every adapter), every chain filtered by ticket, time, actor and action. A bad parameter is a <c>400</c> naming it.
/// </summary>
public static class AuditApi
{
    /// <summary>The most entries one page returns.</summary>
    public const int MaxPage = 1000;

    /// <summary>Entries per page when no limit is given.</summary>
    public const int DefaultPage = 100;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/tickets/{key}/timeline", GetTimelineAsync).WithSummary("Read a ticket's audit timeline").RequireAuthorization(Scopes.TicketsRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/v1/audit", QueryAsync).WithSummary("Query the audit trail").RequireAuthorization(Scopes.Operator);
        return endpoints;
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> GetTimelineAsync(
        string key, string? after, string? limit, IAuditTrail trail, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new List<ProblemError>();
        if (!CloudEventReader.IsTicketKey(key))
        {
            errors.Add(ProblemError.InParameter("key", CloudEventReader.TicketKeyRule));
        }

        long afterSequence = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence))
        {
            errors.Add(ProblemError.InParameter("after", "after is a sequence number, 0 or more (the previous page's next)"));
        }

        var size = ReadLimit(limit, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var entries = await trail.ReadChainAsync(key, afterSequence, size + 1, cancellationToken);

        // Unknown: neither a chain nor a ticket. A ticket removed by retention keeps its chain, which still reads; a
        // ticket whose first entries are still on their way has its state, and an empty page until they land.
        if (entries.Count == 0 && await trail.ReadHeadAsync(key, cancellationToken) is null && await grains.GetGrain<ITicketGrain>(key).GetAsync() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ticket", detail: $"no event was received for ticket '{key}'");
        }
        var page = entries.Take(size).Select(AuditEntryView.Of).ToArray();
        return TypedResults.Ok(new TimelinePage(key, page, entries.Count > size ? page[^1].Sequence : null));
    }

    private static async Task<Results<Ok<AuditEntriesPage>, ProblemHttpResult>> QueryAsync(
        string? ticket, string? from, string? to, string? actor, string? action, string? after, string? limit,
        IAuditTrail trail, CancellationToken cancellationToken)
    {
        var errors = new List<ProblemError>();
        if (ticket is not null && !CloudEventReader.IsTicketKey(ticket))
        {
            errors.Add(ProblemError.InParameter("ticket", "ticket is a ticket key: " + CloudEventReader.TicketKeyRule));
        }

        var fromInstant = ReadInstant("from", from, errors);
        var toInstant = ReadInstant("to", to, errors);
        if (fromInstant is not null && toInstant is not null && toInstant <= fromInstant)
        {
            errors.Add(ProblemError.InParameter("to", "to must be after from"));
        }

        if (actor is not null && (actor.Length == 0 || StoredText.ProblemWith(actor, StoredLimits.Actor) is not null))
        {
            errors.Add(ProblemError.InParameter("actor", $"actor is an actor's name, 1 to {StoredLimits.Actor} characters without control characters"));
        }

        AuditAction? actionFilter = null;
        if (action is not null && !AuditWireNames.TryParseAction(action, out actionFilter))
        {
            errors.Add(ProblemError.InParameter("action", $"action is one of {string.Join(", ", AuditWireNames.Actions)}"));
        }

        var cursor = AuditCursor.FromToken(after);
        if (after is not null && cursor is null)
        {
            errors.Add(ProblemError.InParameter("after", "after is the previous page's next, as given"));
        }

        var size = ReadLimit(limit, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var page = await trail.QueryAsync(new AuditQuery(ticket, fromInstant, toInstant, actor, actionFilter, cursor, size), cancellationToken);
        return TypedResults.Ok(new AuditEntriesPage([.. page.Entries.Select(AuditEntryView.Of)], page.Next?.ToToken()));
    }

    private static DateTimeOffset? ReadInstant(string name, string? value, List<ProblemError> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(ProblemError.InParameter(name, $"{name} is an ISO 8601 instant such as 2026-11-27T14:00:00Z, or a date (UTC midnight)"));
        return null;
    }

    private static int ReadLimit(string? limit, List<ProblemError> errors)
    {
        if (limit is null)
        {
            return DefaultPage;
        }

        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPage)
        {
            return size;
        }

        errors.Add(ProblemError.InParameter("limit", $"limit is 1 to {MaxPage} (default {DefaultPage})"));
        return DefaultPage;
    }

    private static ProblemHttpResult Invalid(List<ProblemError> errors) => Problems.Invalid("Invalid audit query", errors);
}

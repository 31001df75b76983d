using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api;

/// <summary><c>GET /v1/tickets/{key}</c> and the ticket list by SLA state, served from the ticket index.</summary>
public static class TicketsApi
{
    private static readonly string[] SlaStates = ["breached", "at_risk", "active", "paused", "none", "solved"];

    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder endpoints)
    {
        var tickets = endpoints.MapGroup("/v1/tickets").RequireAuthorization(Scopes.TicketsRead);
        tickets.MapGet("/{key}", GetAsync);
        tickets.MapGet("/", ListAsync);
        return endpoints;
    }

    /// <summary>A page of the ticket list; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
    public sealed record TicketPage(IReadOnlyList<TicketIndexEntry> Tickets, string? Next);

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> GetAsync(string key, IGrainFactory grains)
    {
        if (!CloudEventReader.IsTicketKey(key))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid ticket key",
                detail: "a ticket key is '{source}:{externalId}' (printable, no spaces, with a ':')");
        }

        var view = await grains.GetGrain<ITicketGrain>(key).GetAsync();
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ticket", detail: $"no event was received for ticket '{key}'")
            : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<TicketPage>, ProblemHttpResult>> ListAsync(
        string? sla, string? team, string? after, int? limit, ITicketIndex index)
    {
        if (sla is null || !SlaStates.Contains(sla))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid ticket query",
                detail: $"sla must be one of {string.Join(", ", SlaStates)}");
        }

        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid ticket query",
                detail: "limit must be from 1 to 1000");
        }

        var size = limit ?? 100;
        var page = await index.ListAsync(sla, string.IsNullOrEmpty(team) ? null : team, after, size);
        return TypedResults.Ok(new TicketPage(page, page.Count == size ? page[^1].Key : null));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Storage;
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
        tickets.MapGet("/{key}", GetAsync).WithSummary("Get a ticket with its clocks, escalations and tasks").ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapGet("/", ListAsync).WithSummary("List tickets by SLA state, most urgent first");
        return endpoints;
    }

    /// <summary>A page of the ticket list; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
    public sealed record TicketPage(IReadOnlyList<TicketIndexEntry> Tickets, string? Next);

    /// <summary>An escalation of a ticket, as its ticket lists it.</summary>
    public sealed record TicketEscalation(string Id, string Metric, string InstanceId, string State, int Level, string Owner, bool Acknowledged, NextAction? NextAction);

    /// <summary>An engineering task of a ticket, as its ticket lists it.</summary>
    public sealed record TicketTask(string Id, string Title, string Status, string? Assignee, string Link);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string key, IGrainFactory grains, IEscalationIndex escalations)
    {
        if (!CloudEventReader.IsTicketKey(key))
        {
            return Problems.InvalidParameter("Invalid ticket key", "key", CloudEventReader.TicketKeyRule);
        }

        var view = await grains.GetGrain<ITicketGrain>(key).GetAsync();
        if (view is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ticket", detail: $"no event was received for ticket '{key}'");
        }

        // The ticket with its escalations and engineering tasks, from the escalation index.
        var raised = await escalations.ListAsync(new EscalationQuery(null, null, key, null, 1000));
        var tasks = await escalations.ListTasksAsync(key);
        var body = JsonSerializer.SerializeToNode(view, Json)!.AsObject();
        body["escalations"] = JsonSerializer.SerializeToNode(
            raised.Select(e => new TicketEscalation(e.Id, e.Metric, e.InstanceId, e.State, e.Level, e.Owner, e.Acknowledged, e.NextAction)), Json);
        body["tasks"] = JsonSerializer.SerializeToNode(
            tasks.Select(t => new TicketTask(t.Id, t.Title, t.Status, t.Assignee, "/v1/tasks/" + t.Id)), Json);
        return TypedResults.Ok(body);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<Results<Ok<TicketPage>, ProblemHttpResult>> ListAsync(
        string? sla, string? team, string? after, string? limit, ITicketIndex index)
    {
        var problems = new List<ProblemError>();
        if (sla is null || !SlaStates.Contains(sla))
        {
            problems.Add(ProblemError.InParameter("sla", $"sla must be one of {string.Join(", ", SlaStates)}"));
        }

        // Both reach the index's SQL. A team as a ticket can hold one (an event may name a team no configuration
        // defines), after a ticket key (the previous page's next).
        if (!string.IsNullOrEmpty(team) && StoredText.ProblemWith(team, StoredLimits.Team) is { } teamProblem)
        {
            problems.Add(ProblemError.InParameter("team", "team " + teamProblem));
        }

        if (!string.IsNullOrEmpty(after) && !CloudEventReader.IsTicketKey(after))
        {
            problems.Add(ProblemError.InParameter("after", "after is the previous page's next, a ticket key: " + CloudEventReader.TicketKeyRule));
        }

        if (!QueryNumber.TryRead(limit, 1, 1000, out var pageSize))
        {
            problems.Add(ProblemError.InParameter("limit", "limit must be from 1 to 1000"));
        }

        if (problems.Count > 0)
        {
            return Problems.Invalid("Invalid ticket query", problems);
        }

        var size = (int)(pageSize ?? 100);
        var page = await index.ListAsync(sla!, string.IsNullOrEmpty(team) ? null : team, string.IsNullOrEmpty(after) ? null : after, size);
        return TypedResults.Ok(new TicketPage(page, page.Count == size ? page[^1].Key : null));
    }
}

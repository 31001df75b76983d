using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Silo.Api.Escalations;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// <c>GET /v1/escalations</c> (from the escalation index) and the commands on one escalation: acknowledge, hand off,
/// resolve.
/// </summary>
public static partial class EscalationsApi
{
    public static IEndpointRouteBuilder MapEscalationsApi(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/v1/escalations").RequireAuthorization(Scopes.TicketsRead);
        read.MapGet("/", ListAsync).WithSummary("List open escalations by owner, team or ticket");
        read.MapGet("/{id}", GetAsync).WithSummary("Get an escalation with its steps and next action").ProducesProblem(StatusCodes.Status404NotFound);
        var write = endpoints.MapGroup("/v1/escalations").RequireAuthorization(Scopes.EscalationsWrite);
        write.MapPost("/{id}/ack", AcknowledgeAsync).WithSummary("Acknowledge an escalation").WithRequestBody<Acknowledgement>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample("Acknowledge for a colleague", """{"by": "alice", "note": "on it"}""", route: new Dictionary<string, string> { ["id"] = "esc_aaaaaaaaaaaaaaaaaaaa" });
        write.MapPost("/{id}/handoff", HandOffAsync).WithSummary("Hand an escalation off to a person or a team").WithRequestBody<HandOff>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample("Hand off to the platform team", """{"to": "team:platform", "reason": "database outage"}""", route: new Dictionary<string, string> { ["id"] = "esc_aaaaaaaaaaaaaaaaaaaa" });
        write.MapPost("/{id}/resolve", ResolveAsync).WithSummary("Resolve an escalation").WithRequestBody<Resolution>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample("Resolve with a reason", """{"reason": "customer answered"}""", route: new Dictionary<string, string> { ["id"] = "esc_aaaaaaaaaaaaaaaaaaaa" });
        return endpoints;
    }

    /// <summary>The body of an acknowledgement: who acknowledges (the key's name when left out) and a note.</summary>
    public sealed record Acknowledgement(string? By, string? Note);

    /// <summary>The body of a hand-off: to whom (<c>user:&lt;id&gt;</c>, <c>team:&lt;id&gt;</c> or a user id) and why.</summary>
    public sealed record HandOff(string To, string? By, string Reason);

    /// <summary>The body of a resolution: who resolves (the key's name when left out) and why.</summary>
    public sealed record Resolution(string? By, string? Reason);

    /// <summary>A page of escalations; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
    public sealed record EscalationPage(IReadOnlyList<EscalationView> Escalations, string? Next);

    private static async Task<Results<Ok<EscalationPage>, ProblemHttpResult>> ListAsync(
        string? state, string? owner, string? ticket, string? after, string? limit, IEscalationIndex index)
    {
        var problems = new List<ProblemError>();
        if (state is not (null or "open" or "resolved"))
        {
            problems.Add(ProblemError.InParameter("state", "state must be open or resolved"));
        }

        var ownerReference = owner is null ? null : EscalationOwners.Parse(owner);
        if (owner is not null && ownerReference is null)
        {
            problems.Add(ProblemError.InParameter("owner", "owner must be 'user:<id>', 'team:<id>' or a user id"));
        }

        if (!QueryNumber.TryRead(limit, 1, 1000, out var pageSize))
        {
            problems.Add(ProblemError.InParameter("limit", "limit must be from 1 to 1000"));
        }

        if (after is not null && !IsId(after))
        {
            problems.Add(ProblemError.InParameter("after", "after must be an escalation id"));
        }

        if (!string.IsNullOrEmpty(ticket) && !CloudEventReader.IsTicketKey(ticket))
        {
            problems.Add(ProblemError.InParameter("ticket", "ticket is a ticket key: " + CloudEventReader.TicketKeyRule));
        }

        if (problems.Count > 0)
        {
            return Invalid("Invalid escalation query", problems);
        }

        var size = (int)(pageSize ?? 100);
        var page = await index.ListAsync(new EscalationQuery(state, ownerReference, string.IsNullOrEmpty(ticket) ? null : ticket, after, size));
        return TypedResults.Ok(new EscalationPage(page, page.Count == size ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (!IsId(id))
        {
            return BadId(id);
        }

        return await grains.GetGrain<IEscalationGrain>(id).GetAsync() is { } view ? TypedResults.Ok(view) : NotFound(id);
    }

    private static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> AcknowledgeAsync(string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IsId(id))
        {
            return BadId(id);
        }

        var (body, problems, refusal) = await CommandBody.ReadAsync(request, CommandField.By, CommandField.Note);
        if (body is null)
        {
            return Invalid("Invalid acknowledgement", problems, refusal);
        }

        return Answer(await grains.GetGrain<IEscalationGrain>(id).AcknowledgeAsync(body[CommandField.By] ?? Actor(user), Actor(user)));
    }

    private static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> HandOffAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, ISlaConfigurationSource configuration)
    {
        if (!IsId(id))
        {
            return BadId(id);
        }

        var (body, problems, refusal) = await CommandBody.ReadAsync(request, CommandField.To, CommandField.By, CommandField.Reason);
        var (to, toProblem) = body?[CommandField.To] is { } target ? EscalationOwners.ParseHandOff(target, (await configuration.GetAsync()).Configuration) : (null, null);
        if (body is not null)
        {
            problems = [
                .. body[CommandField.To] is null ? [InBody(CommandField.To, "required: whom the escalation goes to ('user:<id>', 'team:<id>' or a user id)")]
                    : toProblem is not null ? [InBody(CommandField.To, toProblem)] : Array.Empty<ProblemError>(),
                .. body[CommandField.Reason] is null ? [InBody(CommandField.Reason, "required: why it is handed off")] : Array.Empty<ProblemError>(),
            ];
        }

        if (body is null || problems.Count > 0)
        {
            return Invalid("Invalid hand-off", problems, body is null ? refusal : StatusCodes.Status400BadRequest);
        }

        return Answer(await grains.GetGrain<IEscalationGrain>(id).HandOffAsync(to!, body[CommandField.By] ?? Actor(user), body[CommandField.Reason]!, Actor(user)));
    }

    private static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> ResolveAsync(string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IsId(id))
        {
            return BadId(id);
        }

        var (body, problems, refusal) = await CommandBody.ReadAsync(request, CommandField.By, CommandField.Reason);
        if (body is null)
        {
            return Invalid("Invalid resolution", problems, refusal);
        }

        return Answer(await grains.GetGrain<IEscalationGrain>(id).ResolveAsync(body[CommandField.By] ?? Actor(user), body[CommandField.Reason], Actor(user)));
    }

    private static Results<Ok<EscalationView>, ProblemHttpResult> Answer(EscalationCommandResult result) => result.Outcome switch
    {
        EscalationCommandOutcome.Applied => TypedResults.Ok(result.Escalation!),
        EscalationCommandOutcome.Closed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Escalation resolved", detail: result.Problem),
        EscalationCommandOutcome.AlreadyOwner => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already the owner", detail: result.Problem),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown escalation", detail: result.Problem),
    };

    internal static bool IsId(string id) => EscalationId().IsMatch(id);

    private static ProblemHttpResult BadId(string id) => Problems.InvalidParameter(
        "Invalid escalation id", "id", $"'{(id.Length > 60 ? id[..60] + "..." : id)}' is not an escalation id ('esc_' and 20 characters a-z, 2-7)");

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown escalation", detail: $"no escalation '{id}'");

    internal static ProblemHttpResult Invalid(string title, IReadOnlyList<ProblemError> problems, int status = StatusCodes.Status400BadRequest) =>
        Problems.Invalid(title, problems, status: status);

    /// <summary>A problem with a command body's field.</summary>
    internal static ProblemError InBody(CommandField field, string detail) => ProblemError.InBody(JsonPointer.Of(field.Name), detail);

    internal static string Actor(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    [GeneratedRegex("^esc_[a-z2-7]{20}$")]
    private static partial Regex EscalationId();
}

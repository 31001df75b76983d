using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Silo.Api.Escalations;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Api;

/// <summary><c>GET|PATCH /v1/tasks/{id}</c>: the internal issue tracker's engineering tasks.</summary>
public static partial class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/tasks/{id}", GetAsync).WithSummary("Get an engineering task").ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Scopes.TicketsRead);
        endpoints.MapPatch("/v1/tasks/{id}", PatchAsync).RequireAuthorization(Scopes.EscalationsWrite)
            .WithSummary("Change an engineering task's status or assignee").WithRequestBody<TaskChange>("application/json").ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample("Mark the task in progress", """{"status": "in_progress", "note": "looking at the logs"}""", route: new Dictionary<string, string> { ["id"] = "task_aaaaaaaaaaaaaaaaaaaa" });
        return endpoints;
    }

    /// <summary>A change to a task (<c>PATCH /v1/tasks/{id}</c>): its status, its assignee, or both.</summary>
    public sealed record TaskChange(string? Status, string? Assignee, string? By, string? Note);

    private static async Task<Results<Ok<EngineeringTaskView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (!TaskId().IsMatch(id))
        {
            return BadId(id);
        }

        return await grains.GetGrain<IEngineeringTaskGrain>(id).GetAsync() is { } task ? TypedResults.Ok(task) : NotFound(id);
    }

    private static async Task<Results<Ok<EngineeringTaskView>, ProblemHttpResult>> PatchAsync(string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TaskId().IsMatch(id))
        {
            return BadId(id);
        }

        var (body, problems, refusal) = await CommandBody.ReadAsync(request, CommandField.Status, CommandField.Assignee, CommandField.By, CommandField.Note);
        if (body is not null)
        {
            problems = [
                .. body[CommandField.Status] is null && body[CommandField.Assignee] is null ? [ProblemError.InBody("", "the body must change status or assignee")] : Array.Empty<ProblemError>(),
                .. body[CommandField.Status] is { } status && !TaskStatuses.All.Contains(status)
                    ? [EscalationsApi.InBody(CommandField.Status, $"must be one of {string.Join(", ", TaskStatuses.All)}")] : Array.Empty<ProblemError>(),
            ];
        }

        if (body is null || problems.Count > 0)
        {
            return EscalationsApi.Invalid("Invalid task change", problems, body is null ? refusal : StatusCodes.Status400BadRequest);
        }

        var actor = EscalationsApi.Actor(user);
        var update = new TaskUpdate(body[CommandField.Status], body[CommandField.Assignee], body[CommandField.By] ?? actor, body[CommandField.Note]);
        return await grains.GetGrain<IEngineeringTaskGrain>(id).UpdateAsync(update, actor) is { } task ? TypedResults.Ok(task) : NotFound(id);
    }

    private static ProblemHttpResult BadId(string id) => Problems.InvalidParameter(
        "Invalid task id", "id", $"'{(id.Length > 60 ? id[..60] + "..." : id)}' is not a task id ('task_' and 20 characters a-z, 2-7)");

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown task", detail: $"no task '{id}'");

    [GeneratedRegex("^task_[a-z2-7]{20}$")]
    private static partial Regex TaskId();
}

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Simulations;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Simulations;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Silo.Api.Configuration;
using SlaEscalation.Silo.Api.Digests;
using SlaEscalation.Silo.Api.Simulations;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// What-if simulations (scope <c>config:write</c>): replay a candidate SLA configuration over a window of real
/// ticket history next to the configuration that was in force. <c>POST</c> starts a durable job, <c>GET</c> shows
/// its progress and result (JSON, Markdown or HTML), <c>DELETE</c> cancels it.
/// </summary>
public static class SimulationsApi
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static IEndpointRouteBuilder MapSimulationsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1/simulations").RequireAuthorization(Scopes.ConfigWrite);
        group.MapPost("", StartAsync).WithSummary("Start a simulation: replay a past window under a candidate configuration")
            .WithRequestBody<SimulationBody>("application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample("Tighten urgent first replies", """{"candidate": {"policies": []}, "from": "2025-11-01", "to": "2025-11-02"}""");
        group.MapGet("/{id}", GetAsync).WithSummary("Read a simulation's progress and result (JSON, Markdown or HTML)").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", CancelAsync).WithSummary("Cancel a running simulation").ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Accepted<SimulationView>, ProblemHttpResult>> StartAsync(HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        var (text, badBody) = await PartBody.ReadAsync(context.Request);
        if (badBody is not null)
        {
            return badBody;
        }

        var (body, errors) = SimulationBody.Read(text!, time.GetUtcNow());
        if (body is null)
        {
            return Problems.Invalid("Invalid simulation: nothing started", errors);
        }

        var store = grains.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);
        var inForce = await store.GetAsync();
        var (candidate, invalid) = SimulationCandidate.Merge(inForce.Document, body.Candidate, "/candidate");
        if (candidate is null)
        {
            return Problems.Invalid("Invalid candidate configuration: nothing started", [.. invalid.Select(e => ProblemError.InBody(e.Path, e.Message))]);
        }

        if (UnknownTeams(body.Teams, inForce.Document, candidate) is { Count: > 0 } unknown)
        {
            return Problems.Invalid("Unknown team: nothing started", unknown);
        }

        // Before the oldest change the history keeps, the version in force is not known: judging that part of the
        // window under the oldest one kept would pass a guess off as what was in force.
        if (await ConfigurationHistoryReach.KnownFromAsync(store) is { } knownFrom && body.From < knownFrom)
        {
            return Problems.Invalid(
                "Window older than the configuration history: nothing started",
                [ProblemError.InBody("/from", $"the configuration history reaches back to {knownFrom:O} (only the newest changes are kept); which version was in force before is not known: start the window at or after it")],
                status: StatusCodes.Status422UnprocessableEntity);
        }

        var id = NewId();
        var progress = await grains.GetGrain<ISimulationGrain>(id).StartAsync(
            new SimulationRequest(candidate, body.From, body.To, [.. body.Teams.Distinct(StringComparer.Ordinal)], context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown"));
        return TypedResults.Accepted($"/v1/simulations/{id}", SimulationView.Of(progress));
    }

    private static async Task<Results<Ok<SimulationView>, ContentHttpResult, ProblemHttpResult>> GetAsync(string id, string? format, HttpRequest request, IGrainFactory grains)
    {
        var chosen = format?.ToLowerInvariant() switch
        {
            null => DigestFormats.Negotiate(request.Headers.Accept),
            "json" => DigestFormat.Json,
            "markdown" or "md" => DigestFormat.Markdown,
            "html" => DigestFormat.Html,
            _ => (DigestFormat?)null,
        };
        if (chosen is null && format is not null)
        {
            return Problems.Invalid("Invalid format", [ProblemError.InParameter("format", "json, markdown or html")]);
        }

        if (chosen is not { } representation)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable", detail: "A simulation is JSON, text/markdown or text/html.");
        }

        if (!IsId(id) || await grains.GetGrain<ISimulationGrain>(id).GetAsync() is not { } progress)
        {
            return NotFound(id);
        }

        var view = SimulationView.Of(progress);
        return representation switch
        {
            DigestFormat.Markdown => TypedResults.Text(SimulationMarkdown.Render(view), "text/markdown; charset=utf-8"),
            DigestFormat.Html => TypedResults.Text(SimulationHtml.Render(view), "text/html; charset=utf-8"),
            _ => TypedResults.Ok(view),
        };
    }

    private static async Task<Results<Ok<SimulationView>, ProblemHttpResult>> CancelAsync(string id, IGrainFactory grains)
    {
        if (!IsId(id))
        {
            return NotFound(id);
        }

        var simulation = grains.GetGrain<ISimulationGrain>(id);
        return await simulation.CancelAsync() && await simulation.GetAsync() is { } progress
            ? TypedResults.Ok(SimulationView.Of(progress))
            : NotFound(id);
    }

    /// <summary>
    /// The <c>teams</c> no side defines: a team is one the configuration in force or the candidate defines, or the
    /// <c>unrouted</c> queue. A misspelt team would otherwise count nothing, silently.
    /// </summary>
    private static List<ProblemError> UnknownTeams(IReadOnlyList<string> teams, string inForce, string candidate)
    {
        var known = new HashSet<string>([TicketOwnership.UnroutedTeam], StringComparer.Ordinal);
        known.UnionWith(ConfigurationDocument.TeamIdsOf(inForce));
        known.UnionWith(ConfigurationDocument.TeamIdsOf(candidate));
        return [.. teams.Select((team, i) => (team, i)).Where(t => !known.Contains(t.team))
            .Select(t => ProblemError.InBody($"/teams/{t.i}", $"unknown team '{StoredText.Printable(t.team, 100)}': neither the configuration in force nor the candidate defines it (nor is it '{TicketOwnership.UnroutedTeam}')"))];
    }

    private static string NewId() =>
        "sim_" + string.Concat(RandomNumberGenerator.GetBytes(20).Select(b => Alphabet[b % Alphabet.Length]));

    // Anything else would activate a grain for a typo.
    private static bool IsId(string id) => id.Length == 24 && id.StartsWith("sim_", StringComparison.Ordinal) && id[4..].All(Alphabet.Contains);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no simulation '{id}'.");
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Operations;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// Operator endpoints (scope <c>operator</c>): the cluster's silos, and clock probes that measure how late
/// durable reminders fire, which is how an operator checks a failover drill.
/// </summary>
public static partial class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder endpoints)
    {
        var ops = endpoints.MapGroup("/v1/ops").RequireAuthorization(Scopes.Operator);
        ops.MapGet("/silos", GetSilosAsync).WithSummary("List the cluster's active silos");
        ops.MapPut("/clock-probes/{id}", ArmProbeAsync).WithSummary("Arm a clock probe: a durable reminder due after a delay")
            .WithRequestExample("A probe due in a minute", """{"dueInSeconds": 60}""", route: new Dictionary<string, string> { ["id"] = "probe-1" });
        ops.MapGet("/clock-probes/{id}", GetProbeAsync).WithSummary("Read a clock probe: when it was due and when it fired").ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The request to arm a clock probe.</summary>
    /// <param name="DueInSeconds">How far ahead the probe's reminder is due, 1 to 86,400 seconds.</param>
    public sealed record ArmProbeRequest(int? DueInSeconds);

    /// <summary>One active silo.</summary>
    public sealed record SiloView(string Name, string Address, string Status);

    private static async Task<Ok<SiloView[]>> GetSilosAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        return TypedResults.Ok(hosts
            .Select(h => new SiloView(h.SiloName, h.SiloAddress.ToString(), h.Status.ToString()))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray());
    }

    private static async Task<Results<Ok<ClockProbeStatus>, ProblemHttpResult>> ArmProbeAsync(
        string id, ArmProbeRequest? request, IGrainFactory grains, TimeProvider time)
    {
        if (!ProbeId().IsMatch(id))
        {
            return BadProbeId(id);
        }

        if (request?.DueInSeconds is not (>= 1 and <= 86_400))
        {
            return Problems.Invalid("Invalid clock probe", [ProblemError.InBody("/dueInSeconds", "dueInSeconds must be a whole number from 1 to 86400.")]);
        }

        var dueAt = time.GetUtcNow().AddSeconds(request.DueInSeconds.Value);
        return TypedResults.Ok(await Probe(grains, id).ArmAsync(dueAt));
    }

    private static async Task<Results<Ok<ClockProbeStatus>, ProblemHttpResult>> GetProbeAsync(string id, IGrainFactory grains)
    {
        if (!ProbeId().IsMatch(id))
        {
            return BadProbeId(id);
        }

        // A probe never armed has no due time: reading it is asking about something that does not exist.
        var status = await Probe(grains, id).GetStatusAsync();
        if (status.DueAt is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown clock probe",
                detail: $"No clock probe '{id}' was armed; arm it with PUT /v1/ops/clock-probes/{id}.");
        }

        return TypedResults.Ok(status);
    }

    // The "probe:" prefix keeps keys from being read as hexadecimal numbers by the storage provider.
    private static IClockProbeGrain Probe(IGrainFactory grains, string id) => grains.GetGrain<IClockProbeGrain>("probe:" + id);

    private static ProblemHttpResult BadProbeId(string id) =>
        Problems.InvalidParameter("Invalid clock probe id", "id", $"'{id}' is not a probe id: use 1-64 letters, digits, '-' or '_'.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ProbeId();
}

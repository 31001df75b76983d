using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Silo.Api.Configuration;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// The SLA configuration (docs/configuration.md): the whole document at once (<c>PUT /v1/configuration</c>: what it leaves
/// out is removed), or one part at a time: calendars, the ordered policies, the ordered routing rules, runbooks and
/// teams. Bodies are JSON or YAML. Changes need <c>config:write</c>; reads need <c>config:write</c> or
/// <c>tickets:read</c>. Every answer carries the configuration version as its <c>ETag</c>; a change sent with
/// <c>If-Match</c> applies only at that version. Invalid bodies are refused whole, naming every error by pointer.
/// </summary>
public static class ConfigurationApi
{
    /// <summary>The most history entries one page returns.</summary>
    public const int MaxHistoryPage = 500;

    public static IEndpointRouteBuilder MapConfigurationApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The seed is only read when the store is first used; checking it here stops start-up on a bad file.
        ConfigurationSeedCheck.ThrowIfInvalid(endpoints.ServiceProvider);

        var read = endpoints.MapGroup("/v1").RequireAuthorization(SecurityServiceCollectionExtensions.ConfigReadPolicy);
        var write = endpoints.MapGroup("/v1").RequireAuthorization(Scopes.ConfigWrite);

        read.MapGet("/configuration", GetConfigurationAsync).Describe("GET", ConfigurationPartKind.Document);
        write.MapPut("/configuration", (HttpContext context, IGrainFactory grains) => PutPartAsync(context, grains, ConfigurationPartKind.Document, null)).Describe("PUT", ConfigurationPartKind.Document);
        read.MapGet("/configuration/history", GetHistoryAsync).WithSummary("Read the configuration's change history, newest first");

        read.MapGet("/policies", (HttpResponse response, IGrainFactory grains) => GetPartAsync(response, grains, ConfigurationPartKind.Policies, null)).Describe("GET", ConfigurationPartKind.Policies);
        write.MapPut("/policies", (HttpContext context, IGrainFactory grains) => PutPartAsync(context, grains, ConfigurationPartKind.Policies, null)).Describe("PUT", ConfigurationPartKind.Policies);
        read.MapGet("/routing", (HttpResponse response, IGrainFactory grains) => GetPartAsync(response, grains, ConfigurationPartKind.Routing, null)).Describe("GET", ConfigurationPartKind.Routing);
        write.MapPut("/routing", (HttpContext context, IGrainFactory grains) => PutPartAsync(context, grains, ConfigurationPartKind.Routing, null)).Describe("PUT", ConfigurationPartKind.Routing);

        foreach (var (segment, part) in new[]
        {
            ("calendars", ConfigurationPartKind.Calendar),
            ("runbooks", ConfigurationPartKind.Runbook),
            ("teams", ConfigurationPartKind.Team),
            ("connections", ConfigurationPartKind.Connection),
        })
        {
            read.MapGet($"/{segment}/{{id}}", (string id, HttpResponse response, IGrainFactory grains) => GetPartAsync(response, grains, part, id)).Describe("GET", part).ProducesProblem(StatusCodes.Status404NotFound);
            write.MapPut($"/{segment}/{{id}}", (string id, HttpContext context, IGrainFactory grains) => PutPartAsync(context, grains, part, id)).Describe("PUT", part);
            write.MapDelete($"/{segment}/{{id}}", (string id, HttpContext context, IGrainFactory grains) => DeletePartAsync(context, grains, part, id)).Describe("DELETE", part).ProducesProblem(StatusCodes.Status404NotFound);
        }

        return endpoints;
    }

    private static IConfigurationGrain Store(IGrainFactory grains) => grains.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);

    private static async Task<Ok<ConfigurationView>> GetConfigurationAsync(HttpResponse response, IGrainFactory grains)
    {
        var snapshot = await Store(grains).GetAsync();
        VersionTag.Set(response, snapshot.Version);
        return TypedResults.Ok(new ConfigurationView(snapshot.Version, snapshot.ChangedAt, snapshot.ChangedBy, Json(snapshot.Document)));
    }

    private static async Task<Results<Ok<ConfigurationHistoryView>, ProblemHttpResult>> GetHistoryAsync(string? limit, string? before, IGrainFactory grains)
    {
        ProblemError[] errors =
        [
            .. !QueryNumber.TryRead(limit, 1, MaxHistoryPage, out var size) ? [ProblemError.InParameter("limit", $"limit is 1 to {MaxHistoryPage} (default 50)")] : Array.Empty<ProblemError>(),
            .. !QueryNumber.TryRead(before, 1, long.MaxValue, out var beforeVersion) ? [ProblemError.InParameter("before", "before is a version, 1 or more")] : Array.Empty<ProblemError>(),
        ];
        if (errors.Length > 0)
        {
            return Problems.Invalid("Invalid history query", errors);
        }

        var page = await Store(grains).GetHistoryAsync((int)(size ?? 50), beforeVersion);
        return TypedResults.Ok(new ConfigurationHistoryView(
            [.. page.Changes.Select(c => new ConfigurationChangeEntryView(
                c.Version, c.At, c.Actor, PartName.Of(c.Part), c.PartId, JsonOrNull(c.Before), JsonOrNull(c.After)))],
            page.NextBefore));
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetPartAsync(
        HttpResponse response, IGrainFactory grains, ConfigurationPartKind part, string? id)
    {
        if (BadId(id) is { } badId)
        {
            return badId;
        }

        var stored = await Store(grains).GetPartAsync(part, id);
        VersionTag.Set(response, stored.Version);
        return stored.Json switch
        {
            { } json => TypedResults.Ok(Json(json)),

            // An unset list is an empty list: the configuration has no policies or rules yet.
            null when id is null => TypedResults.Ok(Json("[]")),
            null => NotFound(part, id),
        };
    }

    private static async Task<Results<Ok<ConfigurationChangeView>, ProblemHttpResult>> PutPartAsync(
        HttpContext context, IGrainFactory grains, ConfigurationPartKind part, string? id)
    {
        if (BadId(id) is { } badId)
        {
            return badId;
        }

        var (expected, badTag) = VersionTag.Expected(context.Request);
        if (badTag is not null)
        {
            return badTag;
        }

        var (body, badBody) = await PartBody.ReadAsync(context.Request);
        if (badBody is not null)
        {
            return badBody;
        }

        var result = await Store(grains).ReplaceAsync(new ConfigurationChangeRequest(part, id, body!, Actor(context.User), expected));
        await InForceHereAsync(context, result);
        return Answer(context.Response, result, part, id);
    }

    private static async Task<Results<Ok<ConfigurationChangeView>, ProblemHttpResult>> DeletePartAsync(
        HttpContext context, IGrainFactory grains, ConfigurationPartKind part, string id)
    {
        if (BadId(id) is { } badId)
        {
            return badId;
        }

        var (expected, badTag) = VersionTag.Expected(context.Request);
        if (badTag is not null)
        {
            return badTag;
        }

        var result = await Store(grains).DeleteAsync(new ConfigurationChangeRequest(part, id, string.Empty, Actor(context.User), expected));
        await InForceHereAsync(context, result);
        return Answer(context.Response, result, part, id);
    }

    /// <summary>
    /// Answers a change only once this silo's configuration cache serves it, so what the caller sends next through
    /// the same gateway (a ticket right after a policy) is evaluated under it. Other silos follow within a second.
    /// </summary>
    private static async Task InForceHereAsync(HttpContext context, ConfigurationChangeResult result)
    {
        if (result.Outcome == ConfigurationChangeOutcome.Applied)
        {
            await context.RequestServices.GetRequiredService<ISlaConfigurationSource>().GetAsync(result.Version);
        }
    }

    private static Results<Ok<ConfigurationChangeView>, ProblemHttpResult> Answer(
        HttpResponse response, ConfigurationChangeResult result, ConfigurationPartKind part, string? id)
    {
        VersionTag.Set(response, result.Version);
        return result.Outcome switch
        {
            ConfigurationChangeOutcome.Applied or ConfigurationChangeOutcome.Unchanged => TypedResults.Ok(
                new ConfigurationChangeView(result.Version, PartName.Of(part), id, result.Outcome == ConfigurationChangeOutcome.Applied)),
            ConfigurationChangeOutcome.Invalid => Problems.Invalid(
                $"Invalid {PartName.Of(part)}: nothing changed",
                [.. result.Problems.Select(p => ProblemError.InBody(JsonPointer.FromPath(p.Path), p.Message))]),
            ConfigurationChangeOutcome.VersionMismatch => TypedResults.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed,
                title: "The configuration changed",
                detail: $"The configuration is at version {result.Version} (ETag {VersionTag.Of(result.Version)}), not the one If-Match names: read it again and re-apply your change."),
            ConfigurationChangeOutcome.NotFound => NotFound(part, id),
            _ => throw new InvalidOperationException($"unexpected outcome {result.Outcome}"),
        };
    }

    private static ProblemHttpResult? BadId(string? id) =>
        id is not null && PartIds.ProblemWith(id) is { } problem ? Problems.InvalidParameter("Invalid id", "id", problem) : null;

    private static ProblemHttpResult NotFound(ConfigurationPartKind part, string? id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found",
        detail: $"There is no {PartName.Of(part)} '{id}'.");

    // The API key's name: what the history and the audit trail show, never the key.
    private static string Actor(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement? JsonOrNull(string? json) => json is null ? null : Json(json);
}

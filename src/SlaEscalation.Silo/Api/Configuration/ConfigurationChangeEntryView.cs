using System.Text.Json;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>One accepted change in GET /v1/configuration/history.</summary>
/// <param name="Version">The version the change made.</param>
/// <param name="At">When it was stored.</param>
/// <param name="Actor">The API key name, or <c>seed</c>.</param>
/// <param name="Part">document, calendar, policies, routing, runbook or team.</param>
/// <param name="Id">The calendar, runbook or team id.</param>
/// <param name="Before">The part before; absent when it did not exist.</param>
/// <param name="After">The part after; absent when it was deleted.</param>
public sealed record ConfigurationChangeEntryView(
    long Version, DateTimeOffset At, string Actor, string Part, string? Id, JsonElement? Before, JsonElement? After);

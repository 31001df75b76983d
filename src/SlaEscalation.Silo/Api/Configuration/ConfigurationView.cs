using System.Text.Json;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>The whole configuration (GET /v1/configuration).</summary>
/// <param name="Version">Raised by one on every accepted change; 0 before anything is stored.</param>
/// <param name="ChangedAt">When this version was stored.</param>
/// <param name="ChangedBy">The API key name (or <c>seed</c>) that stored it.</param>
/// <param name="Document">The configuration in the schema of docs/configuration.md.</param>
public sealed record ConfigurationView(long Version, DateTimeOffset? ChangedAt, string? ChangedBy, JsonElement Document);

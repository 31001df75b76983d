namespace SlaEscalation.Contracts.Configuration;

/// <summary>The whole stored configuration at one version.</summary>
/// <param name="Version">Raised by one on every accepted change; 0 before anything is stored.</param>
/// <param name="Document">The whole configuration as canonical JSON, in the schema <c>ConfigurationDocument.ParseJson</c> reads.</param>
/// <param name="ChangedAt">When the version was stored; null at version 0.</param>
/// <param name="ChangedBy">Who stored it; null at version 0.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationSnapshot")]
public sealed record ConfigurationSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] string Document,
    [property: Id(2)] DateTimeOffset? ChangedAt,
    [property: Id(3)] string? ChangedBy);

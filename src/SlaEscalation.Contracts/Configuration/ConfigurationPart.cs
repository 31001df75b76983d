namespace SlaEscalation.Contracts.Configuration;

/// <summary>One part of the configuration as stored, read at one version.</summary>
/// <param name="Version">The configuration version the part was read at.</param>
/// <param name="Json">The part's canonical JSON; null when there is no such part.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationPart")]
public sealed record ConfigurationPart(
    [property: Id(0)] long Version,
    [property: Id(1)] string? Json);

namespace SlaEscalation.Contracts.Configuration;

/// <summary>A request to replace or delete one part of the configuration, or to replace the whole document.</summary>
/// <param name="Part">Which part.</param>
/// <param name="PartId">The calendar, runbook or team id; null for the policy and routing lists and the whole document.</param>
/// <param name="Json">The part's new content as JSON text (ignored by delete).</param>
/// <param name="Actor">Who asks (an API key's name), recorded in the history.</param>
/// <param name="ExpectedVersion">When set, the change applies only if the configuration is still at this version.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationChangeRequest")]
public sealed record ConfigurationChangeRequest(
    [property: Id(0)] ConfigurationPartKind Part,
    [property: Id(1)] string? PartId,
    [property: Id(2)] string Json,
    [property: Id(3)] string Actor,
    [property: Id(4)] long? ExpectedVersion);

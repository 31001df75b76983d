namespace SlaEscalation.Contracts.Configuration;

/// <summary>One accepted change in the configuration's history.</summary>
/// <param name="Version">The version the change produced.</param>
/// <param name="At">When it was stored.</param>
/// <param name="Actor">Who made it (an API key's name, or <c>seed</c>).</param>
/// <param name="Part">Which part changed.</param>
/// <param name="PartId">The calendar, runbook or team id; null for lists and the whole document.</param>
/// <param name="Before">The part's JSON before; null when it did not exist.</param>
/// <param name="After">The part's JSON after; null when it was deleted.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationChange")]
public sealed record ConfigurationChange(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] ConfigurationPartKind Part,
    [property: Id(4)] string? PartId,
    [property: Id(5)] string? Before,
    [property: Id(6)] string? After);

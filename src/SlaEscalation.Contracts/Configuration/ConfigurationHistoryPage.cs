namespace SlaEscalation.Contracts.Configuration;

/// <summary>A page of the configuration history, newest first.</summary>
/// <param name="Changes">The changes on this page, newest first.</param>
/// <param name="NextBefore">The <c>before</c> value that reads the next (older) page; null on the last page.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationHistoryPage")]
public sealed record ConfigurationHistoryPage(
    [property: Id(0)] IReadOnlyList<ConfigurationChange> Changes,
    [property: Id(1)] long? NextBefore);

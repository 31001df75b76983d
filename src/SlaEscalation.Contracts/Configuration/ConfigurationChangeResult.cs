namespace SlaEscalation.Contracts.Configuration;

/// <summary>The answer to a replace or delete: the version now in force, or why nothing changed.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Version">The configuration's version after the request (the new one when applied).</param>
/// <param name="Problems">Every reason for refusal, each with its path; empty unless <see cref="ConfigurationChangeOutcome.Invalid"/>.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationChangeResult")]
public sealed record ConfigurationChangeResult(
    [property: Id(0)] ConfigurationChangeOutcome Outcome,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<ConfigurationProblem> Problems)
{
    /// <summary>True when the configuration now holds the requested content (applied, or already so).</summary>
    public bool Succeeded => Outcome is ConfigurationChangeOutcome.Applied or ConfigurationChangeOutcome.Unchanged;
}

namespace SlaEscalation.Contracts.Configuration;

/// <summary>One reason a change was refused, at a path such as <c>windows.mon-fri[1]</c> (empty for the root).</summary>
/// <param name="Path">Where the problem is: relative to the part for the part's own errors, in the whole document for cross-references.</param>
/// <param name="Message">What is wrong.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Configuration.ConfigurationProblem")]
public sealed record ConfigurationProblem(
    [property: Id(0)] string Path,
    [property: Id(1)] string Message);

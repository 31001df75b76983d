namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>An optional request header an endpoint reads itself, for its description only.</summary>
public sealed record DocumentedHeader(string Name, string Description);

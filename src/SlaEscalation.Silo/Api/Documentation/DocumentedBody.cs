namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// The body an endpoint reads itself (from the raw request, to refuse it with every problem at once), for its
/// description only: unlike <c>Accepts</c>, it never lets routing refuse a media type before the endpoint answers.
/// </summary>
public sealed record DocumentedBody(Type Type, IReadOnlyList<string> ContentTypes, string? Description = null);

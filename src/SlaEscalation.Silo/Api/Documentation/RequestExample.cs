namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// A request an endpoint documents as an example (endpoint metadata): <see cref="Json"/> sent as
/// <see cref="MediaType"/> to the path with <see cref="Route"/>'s values in its parameters. Sent to a silo after the
/// examples documented before it, it is accepted, or names a resource that does not exist there.
/// </summary>
public sealed record RequestExample(string Summary, string Json, string MediaType, IReadOnlyDictionary<string, string> Route);

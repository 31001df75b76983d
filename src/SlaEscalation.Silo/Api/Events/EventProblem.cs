namespace SlaEscalation.Silo.Api.Events;

/// <summary>One thing wrong with a request body, located by JSON Pointer (RFC 6901), e.g. <c>/3/time</c>.</summary>
public sealed record EventProblem(string Pointer, string Detail);

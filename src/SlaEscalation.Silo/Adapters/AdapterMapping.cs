using SlaEscalation.Silo.Api;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// What one vendor payload maps to: canonical events to ingest, how many vendor events the mapping does not concern
/// (answered <c>200 {"ignored": n}</c> so the vendor keeps the webhook on), or the problems that make it malformed.
/// </summary>
public sealed record AdapterMapping(IReadOnlyList<MappedEvent> Events, int Ignored, IReadOnlyList<ProblemError> Problems)
{
    public static AdapterMapping Of(params MappedEvent[] events) => new(events, 0, []);

    public static AdapterMapping IgnoredOne { get; } = new([], 1, []);

    public static AdapterMapping Malformed(IReadOnlyList<ProblemError> problems) => new([], 0, problems);

    public bool IsMalformed => Problems.Count > 0;
}

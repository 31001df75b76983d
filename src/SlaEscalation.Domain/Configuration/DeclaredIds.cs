namespace SlaEscalation.Domain.Configuration;

/// <summary>The ids a document declares (its map keys), whether or not their bodies read cleanly.</summary>
internal sealed record DeclaredIds(IReadOnlyList<string> Calendars, IReadOnlyList<string> Teams, IReadOnlyList<string> Runbooks);

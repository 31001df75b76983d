namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>The answer to an accepted PUT or DELETE.</summary>
/// <param name="Version">The configuration version now in force (also the <c>ETag</c>).</param>
/// <param name="Part">calendar, policies, routing, runbook or team.</param>
/// <param name="Id">The calendar, runbook or team id; null for the lists.</param>
/// <param name="Changed">False when the part already read exactly so and no version was made.</param>
public sealed record ConfigurationChangeView(long Version, string Part, string? Id, bool Changed);

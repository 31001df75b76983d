namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>A page of GET /v1/configuration/history, newest first.</summary>
/// <param name="Changes">The changes, newest first.</param>
/// <param name="NextBefore">Pass as <c>before</c> to read the older page; null on the last page.</param>
public sealed record ConfigurationHistoryView(IReadOnlyList<ConfigurationChangeEntryView> Changes, long? NextBefore);

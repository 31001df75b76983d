namespace SlaEscalation.Silo.Database;

/// <summary>What <c>migrate</c> did.</summary>
/// <param name="Applied">Scripts applied by this run, in order.</param>
/// <param name="AlreadyApplied">Scripts found applied before this run.</param>
/// <param name="Changed">Applied scripts whose text differs from this build's (never re-run; migrations are append-only).</param>
public sealed record MigrationReport(
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> AlreadyApplied,
    IReadOnlyList<string> Changed);

using Orleans.Concurrency;

namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// A team's digest of one local day, keyed <see cref="DigestKey.Of"/>. Its facts live in the digest ledger
/// (PostgreSQL when durable), one row per fact id, so recording a fact again counts it once; it keeps the measured
/// figures and its publication in grain state.
/// </summary>
[Alias("SlaEscalation.Contracts.Digests.IDigestAggregatorGrain")]
public interface IDigestAggregatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the facts that belong to this digest (others are refused by an exception); returns how many were
    /// new. Returns once they are durable. Interleaves: every ticket of a team's day reports here, and one ledger
    /// write at a time was a queue that grew past the call timeout under a large load.
    /// </summary>
    [Alias("Record"), AlwaysInterleave]
    Task<int> RecordAsync(IReadOnlyList<DigestFact> facts);

    /// <summary>
    /// The digest as it stands. Answers from memory, never waiting for a measurement or a recount in progress. The
    /// measurement of a digest not yet published is refreshed in the background when it is older than a minute, or
    /// older than five seconds with facts counted since.
    /// </summary>
    [Alias("Get"), AlwaysInterleave]
    Task<DigestReport> GetAsync();

    /// <summary>
    /// The digest as <see cref="GetAsync"/> gives it, with its version. When <paramref name="knownVersion"/> is the
    /// current version the report is left out: a reader that keeps the report (and what it rendered of it) gets a
    /// few bytes back instead of a copy of the report.
    /// </summary>
    [Alias("Read"), AlwaysInterleave]
    Task<DigestReading> ReadAsync(string? knownVersion);

    /// <summary>
    /// Starts the digest's publication (recount, final measurement, <c>digest.published</c>), durably: a reminder
    /// carries it through crashes. Asking again changes nothing.
    /// </summary>
    [Alias("RequestPublication")]
    Task RequestPublicationAsync();

    /// <summary>
    /// Starts a recount of the day from durable records, unless one is running; returns its status. Null when the
    /// silo already runs as many requested recounts as it allows: nothing started, try again later.
    /// </summary>
    [Alias("StartReconcile")]
    Task<DigestReconcileStatus?> StartReconcileAsync();
}

namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// A digest as read through <see cref="IDigestAggregatorGrain.ReadAsync"/>: its report and the report's version.
/// The version changes whenever anything the report shows changes (and with each activation of the digest), so a
/// reader that keeps a report, or what it rendered of it, under its version can serve it again while the version
/// holds.
/// </summary>
/// <param name="Version">The report's version: opaque, compared for equality only.</param>
/// <param name="Report">The report; null when the reader said it holds this version already.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Digests.DigestReading")]
public sealed record DigestReading(
    [property: Id(0)] string Version,
    [property: Id(1)] DigestReport? Report);

using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Durable state of a digest besides its facts (those are rows of the digest ledger): the measured figures and how
/// far its publication got, so a crash mid-way resumes it and never sends other figures under the same key.
/// </summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Digests.DigestAggregatorState")]
public sealed class DigestAggregatorState
{
    /// <summary>The latest measurement; the publication's once <see cref="FinalMeasured"/>.</summary>
    [Id(0)] public DigestMeasurement? Measurement { get; set; }

    /// <summary>The schedule asked for the publication.</summary>
    [Id(1)] public bool PublicationRequested { get; set; }

    /// <summary>The recount before publication finished.</summary>
    [Id(2)] public bool PublicationRecounted { get; set; }

    /// <summary><see cref="Measurement"/> is the one published (or being published): it is not measured again.</summary>
    [Id(3)] public bool FinalMeasured { get; set; }

    /// <summary>When <c>digest.published</c> was handed to the notifier; null before.</summary>
    [Id(4)] public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The latest finished recount.</summary>
    [Id(5)] public DigestReconcileStatus? LastReconcile { get; set; }

    /// <summary>
    /// The team's zone, hour and limit the digest is published with, kept when its publication begins; null before,
    /// and for a digest published before they were kept.
    /// </summary>
    [Id(6)] public DigestPublishedTeam? PublishedTeam { get; set; }
}

using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Digests;

/// <summary>The digest feed of a silo that runs no digests (<see cref="DigestSiloBuilderExtensions.AddSlaDigests"/> not called): it counts nothing.</summary>
public sealed class NoDigestFeed : IDigestFeed
{
    public Task RecordAsync(SlaTransition transition) => Task.CompletedTask;

    public Task RecordAsync(EscalationNotice notice) => Task.CompletedTask;
}

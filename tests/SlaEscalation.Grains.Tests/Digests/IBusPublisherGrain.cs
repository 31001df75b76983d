using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>Publishes on the event bus as the ticket and escalation grains do, so a test can send notices and repeats.</summary>
public interface IBusPublisherGrain : IGrainWithIntegerKey
{
    Task PublishAsync(SlaTransition transition);

    Task PublishAsync(EscalationNotice notice);
}

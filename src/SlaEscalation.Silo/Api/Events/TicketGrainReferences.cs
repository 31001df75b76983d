using Orleans.GrainReferences;
using Orleans.Metadata;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// Ticket grain references as <c>GetGrain&lt;ITicketGrain&gt;(key)</c> makes them, with the interface's and grain's
/// types resolved once: Orleans 10 resolves them again by reflection on every call, once per ticket of every ingest
/// request.
/// </summary>
public sealed class TicketGrainReferences(
    GrainReferenceActivator activator, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes)
{
    private readonly GrainInterfaceType interfaceType = interfaces.GetGrainInterfaceType(typeof(ITicketGrain));
    private GrainType? grainType;

    public ITicketGrain For(string ticketKey) =>
        (ITicketGrain)activator.CreateReference(GrainId.Create(grainType ??= grainTypes.GetGrainType(interfaceType), ticketKey), interfaceType);
}

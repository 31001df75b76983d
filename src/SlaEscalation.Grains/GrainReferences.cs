using System.Collections.Concurrent;
using Orleans.GrainReferences;
using Orleans.Metadata;

namespace SlaEscalation.Grains;

/// <summary>
/// Grain references by string key, as <c>GetGrain&lt;T&gt;(key)</c> makes them, with each interface's grain
/// interface type and grain type resolved once per silo. Orleans 10.4.2 resolves both again on every
/// <c>GetGrain</c> call, by reflection over the interface's attributes and by formatting its type name, and the hot
/// paths (a gateway's tickets, the event bus consumers) make several references per event.
/// </summary>
public sealed class GrainReferences(
    GrainReferenceActivator activator, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes)
{
    private readonly ConcurrentDictionary<Type, (GrainInterfaceType Interface, GrainType Grain)> types = new();

    public T For<T>(string key)
        where T : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var (interfaceType, grainType) = types.GetOrAdd(typeof(T), Resolve);
        return (T)(object)activator.CreateReference(GrainId.Create(grainType, key), interfaceType);
    }

    private (GrainInterfaceType, GrainType) Resolve(Type type)
    {
        var interfaceType = interfaces.GetGrainInterfaceType(type);
        return (interfaceType, grainTypes.GetGrainType(interfaceType));
    }
}

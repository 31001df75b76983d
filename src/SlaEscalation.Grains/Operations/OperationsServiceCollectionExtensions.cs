using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SlaEscalation.Grains.Operations;

/// <summary>Registers what the operator diagnostics need.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>Adds the <see cref="ReminderRing"/> the clock probe reports reminder ownership with.</summary>
    public static IServiceCollection AddSlaOperations(this IServiceCollection services)
    {
        // The ring's type is internal to Orleans, so it is looked up by the type found at run time.
        services.TryAddSingleton(sp => new ReminderRing(ReminderRing.RingType is { } ringType ? sp.GetService(ringType) : null));
        return services;
    }
}

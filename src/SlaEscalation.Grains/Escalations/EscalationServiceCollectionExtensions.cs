using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Grains.Escalations;

public static class EscalationServiceCollectionExtensions
{
    /// <summary>
    /// Registers what escalations need apart from their index: the internal issue tracker as the task port, unless
    /// an adapter (Jira, Linear) registered one before; and, for a silo without them, a notifier that sends nothing
    /// and a digest feed that counts nothing (notification delivery and digests register the real ones, whichever
    /// comes first).
    /// </summary>
    public static IServiceCollection AddSlaEscalations(this IServiceCollection services)
    {
        services.TryAddSingleton<ITaskTracker, InternalTaskTracker>();
        services.TryAddSingleton<INotifier, SilentNotifier>();
        services.TryAddSingleton<IDigestFeed, NoDigestFeed>();
        return services;
    }
}

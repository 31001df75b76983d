using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SlaEscalation.Grains.Notifications;

/// <summary>Registers what every silo needs to deliver notifications.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="INotifier"/> grains use (<see cref="DurableNotifier"/> over every registered
    /// <see cref="INotificationChannel"/>), the event-bus channel, <paramref name="policy"/>, and the in-memory
    /// <see cref="IDeliveryFailureLog"/> unless a durable one is registered already. The caller adds any further
    /// channels (webhook endpoints).
    /// </summary>
    public static IServiceCollection AddNotificationDelivery(this IServiceCollection services, DeliveryRetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        services.AddSingleton(policy);
        services.AddSingleton<INotificationChannel, EventBusChannel>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton<INotifier, DurableNotifier>();
        services.TryAddSingleton<IDeliveryFailureLog, InMemoryDeliveryFailureLog>();
        return services;
    }
}

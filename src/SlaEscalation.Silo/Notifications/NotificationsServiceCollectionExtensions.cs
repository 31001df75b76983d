using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Notifications;

/// <summary>Registers outbound notifications for the silo's settings.</summary>
public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="INotifier"/> grains use: the internal event bus always, and one signed webhook channel per
    /// configured endpoint; the failure log in PostgreSQL when durable (it needs the registered
    /// <c>NpgsqlDataSource</c>), in memory when embedded.
    /// </summary>
    public static IServiceCollection AddSlaNotifications(this IServiceCollection services, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var notifications = settings.Notifications;
        if (settings.Mode == StorageMode.Durable)
        {
            services.AddSingleton<IDeliveryFailureLog, PostgresDeliveryFailureLog>();
        }

        services.AddNotificationDelivery(notifications.Retry);

        if (notifications.Webhooks.Count > 0)
        {
            services.AddKeyedSingleton(WebhookChannel.HttpClientKey, (_, _) => WebhookChannel.CreateHttpClient());
            foreach (var endpoint in notifications.Webhooks)
            {
                services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(
                    endpoint,
                    notifications.Source,
                    notifications.AttemptTimeout,
                    sp.GetRequiredKeyedService<HttpClient>(WebhookChannel.HttpClientKey),
                    sp.GetRequiredService<TimeProvider>()));
            }
        }

        return services;
    }
}

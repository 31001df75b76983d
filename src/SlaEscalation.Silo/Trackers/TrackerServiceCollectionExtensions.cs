using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Trackers;

/// <summary>Registers the Jira and Linear trackers behind the <see cref="TrackerChannel"/>.</summary>
public static class TrackerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tracker channel and its clients. A task asks for an outside issue only when its engineering team names
    /// a tracker, so a silo whose teams name none never calls out. Each attempt may take <paramref name="attemptTimeout"/>
    /// (<c>Notifications__AttemptTimeoutSeconds</c>, as webhooks), its calls together.
    /// </summary>
    public static IServiceCollection AddSlaTrackers(this IServiceCollection services, TimeSpan attemptTimeout)
    {
        // No client-wide timeout: the channel gives each attempt its own.
        services.AddHttpClient(TrackerChannel.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // An API call must not turn into a GET elsewhere, nor carry a cookie from one connection to another.
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<ITrackerClient>(sp => new JiraCloudTracker(Client(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITrackerClient>(sp => new LinearTracker(Client(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INotificationChannel>(sp => new TrackerChannel(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetServices<ITrackerClient>(),
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<DeliveryRetryPolicy>(),
            attemptTimeout));
        return services;
    }

    private static HttpClient Client(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(TrackerChannel.HttpClientName);
}

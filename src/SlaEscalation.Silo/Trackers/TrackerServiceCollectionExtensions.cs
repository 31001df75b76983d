using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Trackers;

/// <summary>Registers the Jira and Linear trackers behind the <see cref="TrackerChannel"/>.</summary>
public static class TrackerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tracker channel and its clients. A task asks for an outside issue only when its engineering team names
    /// a tracker, so a silo whose teams name none never calls out.
    /// </summary>
    public static IServiceCollection AddSlaTrackers(this IServiceCollection services)
    {
        services.AddHttpClient(TrackerChannel.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // An API call must not turn into a GET elsewhere, nor carry a cookie from one connection to another.
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<ITrackerClient>(sp => new JiraCloudTracker(Client(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITrackerClient>(sp => new LinearTracker(Client(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INotificationChannel, TrackerChannel>();
        return services;
    }

    private static HttpClient Client(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(TrackerChannel.HttpClientName);
}

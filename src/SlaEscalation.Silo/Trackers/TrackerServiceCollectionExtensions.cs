using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Trackers;

/// <summary>Registers the Jira and Linear trackers behind the <see cref="TrackerChannel"/>.</summary>
public static class TrackerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tracker channel and its clients. A task asks for an outside issue only when its engineering team names
    /// a tracker, so a silo whose teams name none never calls out. Each attempt may take <paramref name="attemptTimeout"/>
    /// (<c>Notifications__AttemptTimeoutSeconds</c>, as webhooks), its calls together. A <c>Trackers__LinkBase</c> that
    /// is not an absolute http(s) URL stops start-up: the channel would otherwise drop it and write issues with relative
    /// links.
    /// </summary>
    public static IServiceCollection AddSlaTrackers(this IServiceCollection services, IConfiguration configuration, TimeSpan attemptTimeout)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[TrackerChannel.LinkBaseSetting] is { } linkBase && !string.IsNullOrWhiteSpace(linkBase)
            && (!Uri.TryCreate(linkBase.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
        {
            throw new StartupFailure($"{SiloSettings.Env(TrackerChannel.LinkBaseSetting)} '{linkBase}' must be an absolute http(s) URL, e.g. https://sla.example.com.");
        }

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

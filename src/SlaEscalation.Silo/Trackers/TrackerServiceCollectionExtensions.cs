using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Trackers;

/// <summary>Registers the Jira and Linear trackers behind the <see cref="TrackerChannel"/>.</summary>
public static class TrackerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tracker channel and its clients. A task asks for an outside issue only when its engineering team names
    /// a tracker, so a silo whose teams name none never calls out. A <c>Trackers__LinkBase</c> that is not an absolute
    /// http(s) URL stops start-up: the channel would otherwise drop it and write issues with relative links.
    /// </summary>
    public static IServiceCollection AddSlaTrackers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[TrackerChannel.LinkBaseSetting] is { } linkBase && !string.IsNullOrWhiteSpace(linkBase)
            && (!Uri.TryCreate(linkBase.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
        {
            throw new StartupFailure($"{SiloSettings.Env(TrackerChannel.LinkBaseSetting)} '{linkBase}' must be an absolute http(s) URL, e.g. https://sla.example.com.");
        }

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

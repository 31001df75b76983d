using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Slack;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>Registers Slack for the connections with secret settings.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Reads the Slack connections' settings (a bad one stops start-up with one line naming its key) and, when any
    /// connection has a bot token, adds Slack as a notification channel over the Web API. The interactions endpoint needs only the signing secret.
    /// Each call may take <paramref name="attemptTimeout"/> (<c>Notifications__AttemptTimeoutSeconds</c>, as webhooks
    /// and trackers), after a wait for the channel's pace of at most half as long.
    /// </summary>
    public static IServiceCollection AddSlaSlack(this IServiceCollection services, IConfiguration configuration, TimeSpan attemptTimeout)
    {
        var (connections, errors) = SlackConnectionSettings.Load(configuration);
        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        var byName = connections.ToDictionary(c => c.Name, StringComparer.Ordinal);
        services.AddSingleton<IReadOnlyDictionary<string, SlackConnectionSettings>>(byName);
        services.AddSingleton<SlackResponder>();

        // The client logs nothing: a request log would print response URLs, which grant posting.
        services.AddHttpClient(SlackWebApi.HttpClientName, http => http.Timeout = attemptTimeout)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        if (!connections.Any(c => c.BotToken is not null))
        {
            return services;
        }

        services.AddSingleton(sp => new SlackPace(sp.GetRequiredService<TimeProvider>(), SlackPace.DefaultGap, attemptTimeout / 2));
        services.AddSingleton<ISlackApi>(sp => new SlackWebApi(
            byName,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SlackWebApi.HttpClientName),
            sp.GetRequiredService<SlackPace>(),
            attemptTimeout,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new SlackLinks(connections.Where(c => c.PublicUrl is not null).ToDictionary(c => c.Name, c => c.PublicUrl!, StringComparer.Ordinal)));
        services.AddSingleton<INotificationChannel, SlackNotificationChannel>();
        return services;
    }
}

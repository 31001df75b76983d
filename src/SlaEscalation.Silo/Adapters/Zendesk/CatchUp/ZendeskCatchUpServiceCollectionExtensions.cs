using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>Registers the Zendesk catch-up of every connection with an API token.</summary>
public static class ZendeskCatchUpServiceCollectionExtensions
{
    /// <summary>
    /// Reads the connections (a bad setting stops start-up with one line naming its key) and registers the export
    /// client and the starter.
    /// </summary>
    public static IServiceCollection AddSlaZendeskCatchUp(this IServiceCollection services, IConfiguration configuration)
    {
        var (connections, errors) = ZendeskCatchUpConnection.Load(configuration);
        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        services.AddSingleton(connections);
        services.AddHttpClient(ZendeskExportClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp => new ZendeskExportClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ZendeskExportClient.HttpClientName)));
        services.AddHostedService<ZendeskCatchUpStarter>();
        return services;
    }
}

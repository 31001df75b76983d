using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Adapters.Zendesk.Notes;

/// <summary>Registers the internal notes on Zendesk tickets of every connection that asks for them.</summary>
public static class ZendeskNoteServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ZendeskNoteChannel"/> for the connections with <c>Adapters__{connection}__InternalNotes=true</c>
    /// and the API settings of the catch-up; one without them, or a value that is not a boolean, stops start-up
    /// with one line naming the setting.
    /// </summary>
    public static IServiceCollection AddSlaZendeskNotes(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (withApi, _) = ZendeskCatchUpConnection.Load(configuration);
        var noted = new List<ZendeskCatchUpConnection>();
        var errors = new List<string>();
        foreach (var section in configuration.GetSection(ZendeskCatchUpConnection.Section).GetChildren())
        {
            if (section["InternalNotes"] is not { Length: > 0 } text)
            {
                continue;
            }

            var key = $"{ZendeskCatchUpConnection.Section}__{section.Key}__InternalNotes";
            if (!bool.TryParse(text, out var wanted))
            {
                errors.Add($"{key}: '{text}' is not true or false.");
            }
            else if (wanted && withApi.FirstOrDefault(c => c.Name == section.Key) is { } connection)
            {
                noted.Add(connection);
            }
            else if (wanted)
            {
                errors.Add($"{key} needs the connection's __ApiToken, __Email and __Subdomain (or __BaseUrl) to reach Zendesk.");
            }
        }

        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        if (noted.Count == 0)
        {
            return services;
        }

        services.AddHttpClient(ZendeskNoteChannel.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<INotificationChannel>(sp => new ZendeskNoteChannel(
            noted, sp.GetRequiredService<IHttpClientFactory>().CreateClient(ZendeskNoteChannel.HttpClientName), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

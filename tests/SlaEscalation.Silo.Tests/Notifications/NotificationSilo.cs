using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>The real silo application in this process (embedded, or on a PostgreSQL database), with notification settings.</summary>
public static class NotificationSilo
{
    /// <summary>
    /// Builds and starts a silo with <paramref name="settings"/> as <c>--Key=value</c> arguments, and
    /// <paramref name="configureServices"/> (a fake clock, say) having the last word on its services. Its operator key
    /// (<see cref="SiloProcess.OperatorKey"/>) has every scope, as a <see cref="SiloProcess"/>'s does.
    /// </summary>
    public static async Task<WebApplication> StartAsync(string clusterId, string? postgres, IEnumerable<string> settings, Action<IServiceCollection>? configureServices = null)
    {
        string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            .. postgres is null ? [] : new[] { $"--ConnectionStrings:Postgres={postgres}" },
            $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:ServiceId={clusterId}",
            $"--Cluster:SiloName={clusterId}-{Guid.NewGuid():N}",
            $"--Cluster:SiloPort={Port()}",
            $"--Http:Port={Port()}",
            "--Http:ListenAddress=127.0.0.1",
            $"--Auth:ApiKeys:0:Name={SiloProcess.OperatorKeyName}",
            $"--Auth:ApiKeys:0:Key={SiloProcess.OperatorKey}",
            "--Auth:ApiKeys:0:Scopes=operator,tickets:read,events:write,config:write,escalations:write,digests:read",

            // The receivers are plain http:// on loopback.
            "--Notifications:AllowInsecureUrls=true",
            .. settings,
        ];
        var app = await SiloApplication.BuildAsync(args, configureServices ?? (_ => { }));
        await app.StartAsync();
        return app;
    }

    /// <summary>The settings of one webhook endpoint, as <c>--Notifications:Webhooks:{index}:...</c> arguments.</summary>
    public static IEnumerable<string> Webhook(int index, string name, Uri url, string secret, string? types = null)
    {
        var at = $"--Notifications:Webhooks:{index}";
        yield return $"{at}:Name={name}";
        yield return $"{at}:Url={url}";
        yield return $"{at}:Secret={secret}";
        if (types is not null)
        {
            yield return $"{at}:Types={types}";
        }
    }

    /// <summary>A client of the silo's HTTP API carrying the operator key.</summary>
    public static HttpClient HttpClient(this WebApplication silo)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.Services.GetRequiredService<SiloSettings>().HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.OperatorKey);
        return http;
    }

    public static INotifier Notifier(this WebApplication silo) => silo.Services.GetRequiredService<INotifier>();

    public static INotificationDeliveryGrain Delivery(this WebApplication silo, string channel, string deliveryKey) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INotificationDeliveryGrain>(NotificationDeliveryKey.Of(channel, deliveryKey));

    /// <summary>A notification with a fresh delivery key.</summary>
    public static Notification NewNotification(string type, string team = "support-us")
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new Notification(
            $"zendesk:{id}/{type}", type, $"zendesk:{id}", new DateTimeOffset(2026, 11, 27, 14, 0, 0, 250, TimeSpan.Zero),
            $$"""{"ticket": "zendesk:{{id}}", "level": 1}""", team, "user:ann");
    }
}

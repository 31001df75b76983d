using System.Globalization;
using System.Net;
using Npgsql;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// The silo's validated start-up settings. Every setting has a configuration key (environment variables use
/// <c>__</c> for <c>:</c>), and <see cref="Load"/> names every bad one instead of failing on the first.
/// </summary>
public sealed record SiloSettings
{
    public const string PostgresKey = "ConnectionStrings:Postgres";
    public const string ModeKey = "Storage:Mode";
    public const string ClusterIdKey = "Cluster:ClusterId";
    public const string ServiceIdKey = "Cluster:ServiceId";
    public const string SiloNameKey = "Cluster:SiloName";
    public const string SiloPortKey = "Cluster:SiloPort";
    public const string GatewayPortKey = "Cluster:GatewayPort";
    public const string AdvertisedAddressKey = "Cluster:AdvertisedAddress";
    public const string HttpPortKey = "Http:Port";
    public const string HttpListenAddressKey = "Http:ListenAddress";
    public const string DashboardShowTraceKey = "Dashboard:ShowTrace";

    /// <summary>
    /// ASP.NET Core's own endpoint settings (configuration key, how it is usually given). The silo binds exactly one
    /// endpoint from <see cref="HttpPortKey"/> and <see cref="HttpListenAddressKey"/>; Kestrel would let these win
    /// or lose silently, so a non-empty one stops start-up instead.
    /// </summary>
    private static readonly (string Key, string Spelling)[] AspNetEndpointSettings =
    [
        ("urls", "ASPNETCORE_URLS (or --urls)"),
        ("http_ports", "ASPNETCORE_HTTP_PORTS"),
        ("https_ports", "ASPNETCORE_HTTPS_PORTS"),
    ];

    public required StorageMode Mode { get; init; }

    /// <summary>The PostgreSQL connection string; null in embedded mode.</summary>
    public string? PostgresConnectionString { get; init; }

    public required string ClusterId { get; init; }

    public required string ServiceId { get; init; }

    public required string SiloName { get; init; }

    public required int SiloPort { get; init; }

    /// <summary>The Orleans client gateway port; 0 (the default) opens none: the HTTP API runs inside the silo.</summary>
    public required int GatewayPort { get; init; }

    /// <summary>The address other silos and clients use to reach this one (a pod IP, never a Service VIP).</summary>
    public required IPAddress AdvertisedAddress { get; init; }

    public required int HttpPort { get; init; }

    public required IPAddress HttpListenAddress { get; init; }

    /// <summary>Whether the dashboard streams the silo's live log (its trace page); off unless configured.</summary>
    public bool DashboardShowsTrace { get; init; }

    /// <summary>Outbound notifications: webhook endpoints and retries (the <c>Notifications</c> section).</summary>
    public NotificationSettings Notifications { get; init; } = NotificationSettings.None;

    /// <summary>Reads and validates the settings; returns every error found, each naming its key.</summary>
    public static SiloSettingsResult Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();

        var connectionString = Blank(configuration[PostgresKey]);
        var mode = ReadMode(configuration, connectionString, errors);
        if (mode == StorageMode.Durable && connectionString is null)
        {
            errors.Add($"{ModeKey} is 'durable' but no PostgreSQL connection string is set: set {Env(PostgresKey)} or pass --postgres.");
        }
        else if (connectionString is not null)
        {
            ValidateConnectionString(connectionString, errors);
        }

        var clusterId = ReadIdentifier(configuration, ClusterIdKey, "sla-local", errors);
        var serviceId = ReadIdentifier(configuration, ServiceIdKey, "sla-escalation", errors);
        var siloPort = ReadPort(configuration, SiloPortKey, 11111, errors);
        var gatewayPort = Blank(configuration[GatewayPortKey]) == "0" ? 0 : ReadPort(configuration, GatewayPortKey, 0, errors);
        var httpPort = ReadPort(configuration, HttpPortKey, 8080, errors);
        var advertised = ReadAddress(configuration, AdvertisedAddressKey, IPAddress.Loopback, errors);
        var listen = ReadAddress(
            configuration,
            HttpListenAddressKey,
            mode == StorageMode.Durable ? IPAddress.Any : IPAddress.Loopback,
            errors);
        var notifications = NotificationSettings.Load(configuration, serviceId, errors);
        if (mode == StorageMode.Durable)
        {
            NotificationSettings.RequireHttps(configuration, notifications, errors);
        }

        var showTrace = false;
        if (Blank(configuration[DashboardShowTraceKey]) is { } trace && !bool.TryParse(trace, out showTrace))
        {
            errors.Add($"{DashboardShowTraceKey} '{trace}' must be true or false.");
        }

        var siloName = Blank(configuration[SiloNameKey])
            ?? Blank(configuration["POD_NAME"])
            ?? $"{Environment.MachineName}-{siloPort}";

        foreach (var (key, spelling) in AspNetEndpointSettings)
        {
            if (Blank(configuration[key]) is { } value)
            {
                errors.Add($"{spelling} is set to '{value}', which the silo does not use: remove it and set {Env(HttpPortKey)} and {Env(HttpListenAddressKey)} instead.");
            }
        }

        if (siloPort == gatewayPort && gatewayPort != 0)
        {
            errors.Add($"{SiloPortKey} and {GatewayPortKey} are both {siloPort}: give each its own port.");
        }

        if (httpPort == siloPort || httpPort == gatewayPort)
        {
            errors.Add($"{HttpPortKey} {httpPort} collides with an Orleans port: give each its own port.");
        }

        if (errors.Count > 0)
        {
            return new SiloSettingsResult(null, errors);
        }

        return new SiloSettingsResult(
            new SiloSettings
            {
                Mode = mode,
                PostgresConnectionString = connectionString,
                ClusterId = clusterId,
                ServiceId = serviceId,
                SiloName = siloName,
                SiloPort = siloPort,
                GatewayPort = gatewayPort,
                AdvertisedAddress = advertised,
                HttpPort = httpPort,
                HttpListenAddress = listen,
                Notifications = notifications,
                DashboardShowsTrace = showTrace,
            },
            []);
    }

    /// <summary>Checks a PostgreSQL connection string, naming what is wrong without echoing any password.</summary>
    public static void ValidateConnectionString(string connectionString, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                errors.Add($"{Env(PostgresKey)} has no Host: use for example 'Host=localhost;Port=5432;Database=sla;Username=sla;Password=...'.");
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{Env(PostgresKey)} is not a valid PostgreSQL connection string ({FirstSentence(ex.Message)}): use for example 'Host=localhost;Port=5432;Database=sla;Username=sla;Password=...'.");
        }
    }

    /// <summary>The environment-variable spelling of a configuration key.</summary>
    public static string Env(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static StorageMode ReadMode(IConfiguration configuration, string? connectionString, List<string> errors)
    {
        var raw = Blank(configuration[ModeKey]);
        switch (raw?.ToLowerInvariant())
        {
            case null:
                return connectionString is null ? StorageMode.Embedded : StorageMode.Durable;
            case "embedded":
                if (connectionString is not null)
                {
                    errors.Add($"{ModeKey} is 'embedded' but {Env(PostgresKey)} is set: remove one of them.");
                }

                return StorageMode.Embedded;
            case "durable":
                return StorageMode.Durable;
            default:
                errors.Add($"{ModeKey} is '{raw}': use 'embedded' or 'durable'.");
                return StorageMode.Embedded;
        }
    }

    private static string ReadIdentifier(IConfiguration configuration, string key, string fallback, List<string> errors)
    {
        var value = Blank(configuration[key]) ?? fallback;
        if (value.Length > 100 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"{key} '{value}' must be 1-100 letters, digits, '-', '_' or '.'.");
        }

        return value;
    }

    private static int ReadPort(IConfiguration configuration, string key, int fallback, List<string> errors)
    {
        var raw = Blank(configuration[key]);
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            return port;
        }

        errors.Add($"{key} '{raw}' is not a TCP port: use a number from 1 to 65535.");
        return fallback;
    }

    private static IPAddress ReadAddress(IConfiguration configuration, string key, IPAddress fallback, List<string> errors)
    {
        var raw = Blank(configuration[key]);
        if (raw is null)
        {
            return fallback;
        }

        if (IPAddress.TryParse(raw, out var address))
        {
            return address;
        }

        errors.Add($"{key} '{raw}' is not an IP address: use for example 10.0.0.12 (on Kubernetes, the pod IP).");
        return fallback;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}

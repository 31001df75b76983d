using System.Globalization;
using System.Net;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Telemetry;

/// <summary>
/// Where the silo's telemetry goes: the Prometheus scrape endpoint on a management port of its own (never the API's,
/// so an ingress in front of the API cannot expose it), OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set, and whether traces are recorded at all.
/// </summary>
public sealed record TelemetrySettings
{
    public const string ManagementPortKey = "Management:Port";
    public const string ManagementListenAddressKey = "Management:ListenAddress";
    public const string TracingKey = "Telemetry:Tracing";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The port <c>/metrics</c> is served on, alone; null when no scrape endpoint is wanted.</summary>
    public int? ManagementPort { get; init; }

    /// <summary>The address the management port listens on (all by default, as a scraper comes from another pod).</summary>
    public IPAddress ManagementListenAddress { get; init; } = IPAddress.Any;

    /// <summary>Whether OTLP export is on: <see cref="OtlpEndpointKey"/> is set.</summary>
    public bool Otlp { get; init; }

    /// <summary>Whether spans are recorded: by default only when something exports them (OTLP), since unexported spans cost CPU.</summary>
    public bool Tracing { get; init; }

    /// <summary>Reads and checks the settings; the errors name their keys as environment variables.</summary>
    public static (TelemetrySettings? Settings, IReadOnlyList<string> Errors) Load(IConfiguration configuration, SiloSettings silo)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(silo);
        var errors = new List<string>();
        int? port = null;
        if (Blank(configuration[ManagementPortKey]) is { } rawPort)
        {
            if (!int.TryParse(rawPort, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                errors.Add($"{SiloSettings.Env(ManagementPortKey)} '{rawPort}' is not a TCP port: use a number from 1 to 65535.");
            }
            else if (value == silo.HttpPort || value == silo.SiloPort || value == silo.GatewayPort)
            {
                errors.Add($"{SiloSettings.Env(ManagementPortKey)} {value} is already the HTTP or an Orleans port: give the management port its own.");
            }
            else
            {
                port = value;
            }
        }

        var address = IPAddress.Any;
        if (Blank(configuration[ManagementListenAddressKey]) is { } rawAddress && !IPAddress.TryParse(rawAddress, out address!))
        {
            errors.Add($"{SiloSettings.Env(ManagementListenAddressKey)} '{rawAddress}' is not an IP address: use for example 0.0.0.0.");
            address = IPAddress.Any;
        }

        var otlp = Blank(configuration[OtlpEndpointKey]) is not null;
        var tracing = otlp;
        if (Blank(configuration[TracingKey]) is { } rawTracing && !bool.TryParse(rawTracing, out tracing))
        {
            errors.Add($"{SiloSettings.Env(TracingKey)} '{rawTracing}' must be true or false.");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new TelemetrySettings { ManagementPort = port, ManagementListenAddress = address, Otlp = otlp, Tracing = tracing }, errors);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

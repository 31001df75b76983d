using System.Net;
using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Silo.Telemetry;

namespace SlaEscalation.Silo.Tests.Telemetry;

public sealed class TelemetrySettingsTests
{
    [Fact]
    public void Nothing_set_means_no_management_port_no_otlp_and_no_spans()
    {
        var (settings, errors) = Load();

        Assert.Empty(errors);
        Assert.Equal((null, IPAddress.Any, false, false), (settings!.ManagementPort, settings.ManagementListenAddress, settings.Otlp, settings.Tracing));
    }

    [Fact]
    public void An_otlp_endpoint_turns_tracing_on_unless_it_is_turned_off()
    {
        Assert.Equal((true, true), Flags(Load((TelemetrySettings.OtlpEndpointKey, "http://collector:4317")).Settings!));
        Assert.Equal((true, false), Flags(Load((TelemetrySettings.OtlpEndpointKey, "http://collector:4317"), (TelemetrySettings.TracingKey, "false")).Settings!));
    }

    [Fact]
    public void A_management_port_on_the_http_port_is_refused_naming_its_variable()
    {
        var (settings, errors) = Load((TelemetrySettings.ManagementPortKey, "8080"));

        Assert.Null(settings);
        Assert.Equal(["Management__Port 8080 is already the HTTP or an Orleans port: give the management port its own."], errors);
    }

    [Fact]
    public void A_management_port_that_is_no_port_and_a_tracing_flag_that_is_no_flag_are_both_named()
    {
        var (_, errors) = Load((TelemetrySettings.ManagementPortKey, "metrics"), (TelemetrySettings.TracingKey, "yes"));

        Assert.Equal(
            ["Management__Port 'metrics' is not a TCP port: use a number from 1 to 65535.", "Telemetry__Tracing 'yes' must be true or false."],
            errors);
    }

    private static (bool Otlp, bool Tracing) Flags(TelemetrySettings settings) => (settings.Otlp, settings.Tracing);

    private static (TelemetrySettings? Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return TelemetrySettings.Load(configuration, SiloSettings.Load(configuration).Settings!);
    }
}

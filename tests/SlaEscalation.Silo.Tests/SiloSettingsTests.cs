using System.Net;
using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests;

public sealed class SiloSettingsTests
{
    private static SiloSettingsResult Load(params (string Key, string Value)[] values) =>
        SiloSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void No_configuration_runs_embedded_on_loopback_with_default_ports()
    {
        var (settings, errors) = Load();

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal(StorageMode.Embedded, settings.Mode);
        Assert.Null(settings.PostgresConnectionString);
        Assert.Equal((11111, 0, 8080), (settings.SiloPort, settings.GatewayPort, settings.HttpPort));
        Assert.Equal(IPAddress.Loopback, settings.HttpListenAddress);
        Assert.Equal(("sla-local", "sla-escalation"), (settings.ClusterId, settings.ServiceId));
    }

    [Fact]
    public void A_connection_string_runs_durable_and_listens_on_every_interface()
    {
        var (settings, errors) = Load(
            (SiloSettings.PostgresKey, "Host=db;Database=sla;Username=sla;Password=x"),
            (SiloSettings.AdvertisedAddressKey, "10.1.2.3"),
            (SiloSettings.SiloPortKey, "12000"),
            (SiloSettings.ClusterIdKey, "prod-eu"));

        Assert.Empty(errors);
        Assert.Equal(StorageMode.Durable, settings!.Mode);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.AdvertisedAddress);
        Assert.Equal(IPAddress.Any, settings.HttpListenAddress);
        Assert.Equal(12000, settings.SiloPort);
        Assert.Equal("prod-eu", settings.ClusterId);
    }

    [Fact]
    public void A_malformed_connection_string_is_named_without_echoing_its_password()
    {
        var (settings, errors) = Load((SiloSettings.PostgresKey, "Host=db;Password=hunter2;;=oops"));

        Assert.Null(settings);
        var error = Assert.Single(errors);
        Assert.Contains("ConnectionStrings__Postgres is not a valid PostgreSQL connection string", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Durable_mode_without_a_connection_string_is_refused()
    {
        var (_, errors) = Load((SiloSettings.ModeKey, "durable"));

        Assert.Equal(
            "Storage:Mode is 'durable' but no PostgreSQL connection string is set: set ConnectionStrings__Postgres or pass --postgres.",
            Assert.Single(errors));
    }

    [Fact]
    public void Embedded_mode_with_a_connection_string_is_refused_as_contradictory()
    {
        var (_, errors) = Load((SiloSettings.ModeKey, "embedded"), (SiloSettings.PostgresKey, "Host=db"));

        Assert.Contains("remove one of them", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once_each_naming_its_key()
    {
        var (settings, errors) = Load(
            (SiloSettings.SiloPortKey, "abc"),
            (SiloSettings.GatewayPortKey, "70000"),
            (SiloSettings.AdvertisedAddressKey, "pod-ip"),
            (SiloSettings.ClusterIdKey, "has spaces"),
            (SiloSettings.ModeKey, "sometimes"));

        Assert.Null(settings);
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Cluster:SiloPort 'abc' is not a TCP port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:GatewayPort '70000' is not a TCP port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:AdvertisedAddress 'pod-ip' is not an IP address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:ClusterId 'has spaces'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Storage:Mode is 'sometimes'", StringComparison.Ordinal));
    }

    [Fact]
    public void Colliding_ports_are_refused()
    {
        var (_, errors) = Load((SiloSettings.SiloPortKey, "9000"), (SiloSettings.GatewayPortKey, "9000"), (SiloSettings.HttpPortKey, "9000"));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("are both 9000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Http:Port 9000 collides", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pod_name_names_the_silo_when_no_silo_name_is_set()
    {
        var (settings, _) = Load(("POD_NAME", "sla-silo-7f9c-x2"));

        Assert.Equal("sla-silo-7f9c-x2", settings!.SiloName);
    }
}

using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>The cluster's own ports: no Orleans gateway unless asked for, webhooks over https:// when durable.</summary>
public sealed class ClusterDoorsTests
{
    private const string Durable = "Host=db;Database=sla;Username=sla;Password=x";

    [Theory]
    [InlineData(null, 0)]
    [InlineData("0", 0)]
    [InlineData("30000", 30000)]
    public async Task The_orleans_gateway_is_closed_unless_a_port_is_configured(string? gatewayPort, int expected)
    {
        await using var app = await BuildEmbeddedAsync(gatewayPort is null ? [] : [$"--Cluster:GatewayPort={gatewayPort}"]);

        Assert.Equal(expected, app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", true)]
    [InlineData("true", false)]
    public async Task The_dashboard_hides_its_live_log_unless_asked_to_show_it(string? showTrace, bool hidden)
    {
        await using var app = await BuildEmbeddedAsync(showTrace is null ? [] : [$"--Dashboard:ShowTrace={showTrace}"]);

        Assert.Equal(hidden, app.Services.GetRequiredService<IOptions<Orleans.Dashboard.DashboardOptions>>().Value.HideTrace);
    }

    [Theory]
    [InlineData("durable", "http://hooks.example.com/sla", null, 1)]
    [InlineData("durable", "http://127.0.0.1:9000/sla", null, 1)]
    [InlineData("durable", "http://127.0.0.1:9000/sla", "false", 1)]
    [InlineData("durable", "http://127.0.0.1:9000/sla", "true", 0)]
    [InlineData("durable", "https://hooks.example.com/sla", null, 0)]
    [InlineData("durable", "https://hooks.example.com/sla", "maybe", 1)]
    [InlineData("embedded", "http://127.0.0.1:9000/sla", null, 0)]
    public void A_durable_silo_sends_webhooks_over_https_unless_insecure_urls_are_allowed(string mode, string url, string? allow, int errorCount)
    {
        var values = new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Name"] = "ops",
            ["Notifications:Webhooks:0:Url"] = url,
            ["Notifications:Webhooks:0:Secret"] = "0123456789abcdef0123456789abcdef",
            ["Notifications:AllowInsecureUrls"] = allow,
        };
        if (mode == "durable")
        {
            values[SiloSettings.PostgresKey] = Durable;
        }

        var (_, errors) = SiloSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

        Assert.Equal(errorCount, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Notifications:", e, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("hooks.example.com", StringComparison.Ordinal) || e.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_durable_silo_listens_for_its_peers_on_the_advertised_address_only()
    {
        var (settings, errors) = SiloSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SiloSettings.PostgresKey] = Durable,
            [SiloSettings.AdvertisedAddressKey] = "10.1.2.3",
        }).Build());
        Assert.Empty(errors);
        var services = new ServiceCollection();
        var silo = new SiloBuilderProbe(services);

        silo.AddSlaCluster(settings!);

        var endpoints = services.BuildServiceProvider().GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal((IPAddress.Parse("10.1.2.3"), 11111, 0), (endpoints.AdvertisedIPAddress, endpoints.SiloPort, endpoints.GatewayPort));
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    /// <summary>An embedded silo built (not started) on fresh ports with <paramref name="settings"/>.</summary>
    private static Task<Microsoft.AspNetCore.Builder.WebApplication> BuildEmbeddedAsync(string[] settings)
    {
        static string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        return SiloApplication.BuildAsync([$"--Cluster:SiloPort={Port()}", $"--Http:Port={Port()}", .. settings]);
    }

    /// <summary>The silo builder's two members, enough to read what <c>AddSlaCluster</c> configures.</summary>
    private sealed class SiloBuilderProbe(IServiceCollection services) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }
}

using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.FirstRun;

/// <summary>ASP.NET Core's own endpoint settings are refused at start, naming the silo's, never silently ignored.</summary>
public sealed class EndpointSettingsTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:5000", "ASPNETCORE_URLS (or --urls) is set to 'http://0.0.0.0:5000'")]
    [InlineData("http_ports", "8081", "ASPNETCORE_HTTP_PORTS is set to '8081'")]
    [InlineData("https_ports", "8443", "ASPNETCORE_HTTPS_PORTS is set to '8443'")]
    public void An_aspnetcore_endpoint_setting_is_an_error_naming_the_silos_own(string key, string value, string named)
    {
        var (settings, errors) = SiloSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)])
            .Build());

        Assert.Null(settings);
        Assert.Equal([$"{named}, which the silo does not use: remove it and set Http__Port and Http__ListenAddress instead."], errors);
    }

    [Fact]
    public void An_empty_aspnetcore_endpoint_setting_is_no_error()
    {
        // The image clears the base image's ASPNETCORE_HTTP_PORTS by setting it empty.
        var (settings, errors) = SiloSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("http_ports", (string?)"")])
            .Build());

        Assert.Empty(errors);
        Assert.NotNull(settings);
    }

    [Fact]
    public async Task Urls_on_the_command_line_stop_start_up_with_one_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SiloCommandLine.RunAsync(["--urls", "http://127.0.0.1:5000"], output, error).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Equal(
            "error: ASPNETCORE_URLS (or --urls) is set to 'http://127.0.0.1:5000', which the silo does not use: remove it and set Http__Port and Http__ListenAddress instead." + Environment.NewLine,
            error.ToString());
    }

    [Fact]
    public async Task Aspnetcore_urls_in_the_environment_stops_the_executable_with_one_line()
    {
        var environment = SiloProcess.Environment("urls", "urls", postgres: null);
        environment["ASPNETCORE_URLS"] = "http://+:5000";
        await using var silo = SiloProcess.Launch(environment, []);

        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Equal(
            "error: ASPNETCORE_URLS (or --urls) is set to 'http://+:5000', which the silo does not use: remove it and set Http__Port and Http__ListenAddress instead.",
            silo.Output.Trim());
    }
}

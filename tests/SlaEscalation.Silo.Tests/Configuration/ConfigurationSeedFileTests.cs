using System.Net.Http.Json;
using System.Text.Json;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Configuration;

/// <summary><c>Sla__SeedConfigurationFile</c> on the real executable.</summary>
public sealed class ConfigurationSeedFileTests
{
    [Theory]
    [InlineData("example.json")]
    [InlineData("example.yaml")]
    public async Task A_fresh_silo_starts_with_the_seed_file_as_version_1(string file)
    {
        var environment = SiloProcess.Environment("seeded", "seeded", postgres: null);
        environment["Sla__SeedConfigurationFile"] = Path.Combine(
            Path.GetDirectoryName(SiloExecutable.Path)!, "..", "..", "..", "..", "..", "deploy", "config", file);
        await using var silo = await SiloProcess.StartAsync(environment);

        var configuration = await silo.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration", UriKind.Relative));
        var policies = await silo.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/policies", UriKind.Relative));

        Assert.Equal(1, configuration.GetProperty("version").GetInt64());
        Assert.Equal("seed", configuration.GetProperty("changedBy").GetString());
        Assert.Equal(
            ["enterprise-urgent", "enterprise", "eu-business", "default"],
            policies.EnumerateArray().Select(p => p.GetProperty("id").GetString()));

        // Keys are configured here: the line for a silo without any must not appear.
        Assert.DoesNotContain("No API key is configured", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_seed_file_stops_start_up_with_one_line_naming_each_error()
    {
        var file = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"calendars":{"x":{"zone":"Mars/Olympus","windows":{}}}}""");
        try
        {
            var environment = SiloProcess.Environment("bad-seed", "bad-seed", postgres: null);
            environment["Sla__SeedConfigurationFile"] = file;
            await using var silo = SiloProcess.Launch(environment, []);

            var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, exit);
            Assert.StartsWith($"error: Sla:SeedConfigurationFile {file} is not a valid configuration: calendars.x.zone: ", silo.Output.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

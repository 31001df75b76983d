using Microsoft.Extensions.Options;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>Refuses to start with a seed configuration file that would be refused later, at first use.</summary>
public static class ConfigurationSeedCheck
{
    /// <summary>Throws <see cref="StartupFailure"/> naming every problem of the configured seed file.</summary>
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var file = services.GetRequiredService<IOptions<SlaConfigurationOptions>>().Value.SeedConfigurationFile;
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }

        var seed = ConfigurationSeed.Read(file);
        if (!seed.IsValid)
        {
            throw new StartupFailure($"Sla:SeedConfigurationFile {file} is not a valid configuration: {string.Join("; ", seed.Errors)}");
        }
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace SlaEscalation.Grains.Configuration;

/// <summary>Registers the SLA configuration store's per-silo services.</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the per-silo <see cref="ISlaConfigurationSource"/> and binds <see cref="SlaConfigurationOptions"/> from
    /// the <c>Sla</c> section. Needs a <see cref="TimeProvider"/> and the grain factory, which every silo has.
    /// </summary>
    public static IServiceCollection AddSlaConfiguration(this IServiceCollection services)
    {
        services.AddOptions<SlaConfigurationOptions>().BindConfiguration(SlaConfigurationOptions.Section);
        services.AddSingleton<SlaConfigurationSource>();
        services.AddSingleton<ISlaConfigurationSource>(sp => sp.GetRequiredService<SlaConfigurationSource>());
        return services;
    }
}

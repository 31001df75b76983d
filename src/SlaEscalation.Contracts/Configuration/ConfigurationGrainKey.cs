namespace SlaEscalation.Contracts.Configuration;

/// <summary>The key of the one <see cref="IConfigurationGrain"/>.</summary>
public static class ConfigurationGrainKey
{
    /// <summary>
    /// The single configuration's key. It holds letters that are not hexadecimal digits, so the storage provider
    /// never reads it as a number.
    /// </summary>
    public const string Value = "sla-configuration";
}

namespace SlaEscalation.Grains.Configuration;

/// <summary>Settings of the SLA configuration store (section <c>Sla</c>).</summary>
public sealed class SlaConfigurationOptions
{
    public const string Section = "Sla";

    /// <summary>
    /// A JSON or YAML file (by its extension: .json, .yaml or .yml) loaded as version 1 when the store has never held
    /// anything (<c>Sla__SeedConfigurationFile</c>); a relative path is read from the working directory. Ignored once
    /// anything is stored.
    /// </summary>
    public string? SeedConfigurationFile { get; set; }
}

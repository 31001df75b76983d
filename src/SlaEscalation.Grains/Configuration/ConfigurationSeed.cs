using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>Reads the seed file named by <see cref="SlaConfigurationOptions.SeedConfigurationFile"/>.</summary>
public static class ConfigurationSeed
{
    /// <summary>The actor the history records for the seed.</summary>
    public const string Actor = "seed";

    /// <summary>Reads and validates the file; every problem, a missing file included, comes back as an error.</summary>
    public static ConfigurationResult<StoredConfiguration> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var extension = Path.GetExtension(fullPath).ToLowerInvariant();
        if (extension is not (".json" or ".yaml" or ".yml"))
        {
            return Failure($"{fullPath} is not a .json, .yaml or .yml file: the seed is JSON or YAML (the schema of deploy/config/example.yaml)");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure($"cannot read {fullPath}: {e.Message}");
        }

        if (extension == ".json")
        {
            return StoredConfiguration.Parse(text);
        }

        // The store keeps JSON: a YAML seed is stored as the JSON it reads as.
        var json = ConfigurationDocument.JsonOfYaml(text);
        return json.IsValid ? StoredConfiguration.Parse(json.Value) : ConfigurationResult<StoredConfiguration>.Failure(json.Errors);
    }

    private static ConfigurationResult<StoredConfiguration> Failure(string message) =>
        ConfigurationResult<StoredConfiguration>.Failure([new ConfigurationError("", message)]);
}

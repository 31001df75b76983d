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
        if (!Path.GetExtension(fullPath).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            // The stored document is JSON and the Domain converts YAML only inside its whole-document reader.
            return Failure($"{fullPath} is not a .json file: the seed must be JSON (the schema of deploy/config/example.json)");
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

        return StoredConfiguration.Parse(text);
    }

    private static ConfigurationResult<StoredConfiguration> Failure(string message) =>
        ConfigurationResult<StoredConfiguration>.Failure([new ConfigurationError("", message)]);
}

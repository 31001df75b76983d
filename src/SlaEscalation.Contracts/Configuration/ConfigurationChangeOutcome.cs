namespace SlaEscalation.Contracts.Configuration;

/// <summary>What became of a requested configuration change.</summary>
[GenerateSerializer, Alias("SlaEscalation.Contracts.Configuration.ConfigurationChangeOutcome")]
public enum ConfigurationChangeOutcome
{
    /// <summary>Stored under a new version.</summary>
    Applied = 0,

    /// <summary>The part already read exactly so: nothing stored, the version stays.</summary>
    Unchanged = 1,

    /// <summary>Refused with problems; nothing changed.</summary>
    Invalid = 2,

    /// <summary>The caller expected another version (someone else changed the configuration first); nothing changed.</summary>
    VersionMismatch = 3,

    /// <summary>The part to delete does not exist; nothing changed.</summary>
    NotFound = 4,
}

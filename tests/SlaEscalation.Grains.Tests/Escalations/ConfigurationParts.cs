using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>Puts configuration parts in force on a test silo one by one, as the API would; a refused part fails the test.</summary>
public static class ConfigurationParts
{
    public static async Task ReplaceAsync(IClusterClient client, IEnumerable<(ConfigurationPartKind Kind, string? Id, string Body)> parts)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parts);
        var configuration = client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);
        foreach (var (kind, id, body) in parts)
        {
            var result = await configuration.ReplaceAsync(new ConfigurationChangeRequest(kind, id, body, "test", null));
            Assert.True(result.Outcome is ConfigurationChangeOutcome.Applied or ConfigurationChangeOutcome.Unchanged, string.Join("; ", result.Problems));
        }
    }
}

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>The tests that share one <see cref="ConfigurationCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ConfigurationCollection : ICollectionFixture<ConfigurationCluster>
{
    public const string Name = "configuration cluster";
}
